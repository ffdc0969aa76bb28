#include "plugins/account_standing/account_standing.h"

#include <stdexcept>

#include "gateway/store/store.h"

namespace postern::account_standing {

CheckResult AccountStandingCheck::Run(const ShareInput& share, ImageAnalysis&) {
  Account a;
  Status st = accounts_->GetAccount(share.user_id, StrikePolicy{}, &a);
  if (!st.ok()) throw std::runtime_error("account lookup failed: " + st.message());
  if (a.status == AccountStatus::kDeactivated)
    return {Verdict::kReject, "account_deactivated",
            "This account has been deactivated and cannot share.",
            {{"user_id", share.user_id}, {"deactivated_at", a.deactivated_at}}};
  return CheckResult::Allow({{"status", EnumName(a.status)}});
}

}  // namespace postern::account_standing
