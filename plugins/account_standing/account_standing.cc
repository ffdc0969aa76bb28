#include "plugins/account_standing/account_standing.h"

#include <stdexcept>

#include "gateway/store/store.h"

namespace postern::account_standing {

CheckResult AccountStandingCheck::Run(const ShareInput& share, ImageAnalysis&) {
  Account a;
  Status st = store_->GetAccount(share.user_id, StrikePolicy{}, &a);
  if (!st.ok()) throw std::runtime_error("account lookup failed: " + st.message());
  if (a.status == "deactivated")
    return {Verdict::kReject, "account_deactivated",
            "This account has been deactivated and cannot share.",
            {{"user_id", share.user_id}, {"deactivated_at", a.deactivated_at}}};
  return CheckResult::Allow({{"status", a.status}});
}

}  // namespace postern::account_standing
