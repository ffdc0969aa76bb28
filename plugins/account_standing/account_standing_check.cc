// AccountStandingCheck: shares from deactivated accounts are rejected. Reads the
// account through the Store, so a reviewer's confirm that deactivates takes effect
// on the very next share.
#include "gateway/check.h"
#include "gateway/store/store.h"

namespace postern {
namespace {

class AccountStandingCheck : public Check {
 public:
  explicit AccountStandingCheck(Store* store) : store_(store) {}

  CheckResult Run(const ShareInput& share, ImageAnalysis&) override {
    Account a;
    Status st = store_->GetAccount(share.user_id, StrikePolicy{}, &a);
    if (!st.ok()) throw std::runtime_error("account lookup failed: " + st.message());
    if (a.status == "deactivated")
      return {Verdict::kReject, "account_deactivated",
              "This account has been deactivated and cannot share.",
              {{"user_id", share.user_id}, {"deactivated_at", a.deactivated_at}}};
    return CheckResult::Allow({{"status", a.status}});
  }

 private:
  Store* store_;
};

class AccountStandingFactory : public CheckFactory {
 public:
  std::string name() const override { return "account_standing"; }
  ConfigSchema schema() const override { return {}; }
  std::unique_ptr<Check> Create(const json&, const CheckDeps& deps, Status* error) const override {
    if (!deps.store) {
      *error = Status::InvalidConfig("account_standing needs storage");
      return nullptr;
    }
    return std::make_unique<AccountStandingCheck>(deps.store);
  }
};

POSTERN_REGISTER_CHECK(AccountStandingFactory);

}  // namespace
}  // namespace postern
