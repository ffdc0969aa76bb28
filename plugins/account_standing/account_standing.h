// account_standing: shares from deactivated accounts are rejected. The account is read
// through AccountStore on every share, so a reviewer's confirm that deactivates takes effect
// on the very next share, in every gateway process sharing the database.
#pragma once

#include "gateway/check.h"

namespace postern::account_standing {

// No options: the strike rules that deactivate an account are the core's (review.*).
struct AccountStandingConfig {};

class AccountStandingCheck : public Check {
 public:
  explicit AccountStandingCheck(AccountStore* accounts) : accounts_(accounts) {}
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;

 private:
  AccountStore* accounts_;
};

ConfigSchema AccountStandingSchema();
AccountStandingConfig ParseAccountStandingConfig(const json& validated);

}  // namespace postern::account_standing
