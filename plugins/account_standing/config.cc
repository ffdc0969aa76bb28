// account_standing's (empty) schema and its registered factory.
#include "plugins/account_standing/account_standing.h"

namespace postern::account_standing {

ConfigSchema AccountStandingSchema() { return {}; }

AccountStandingConfig ParseAccountStandingConfig(const json&) { return {}; }

namespace {

class AccountStandingFactory : public CheckFactory {
 public:
  std::string name() const override { return "account_standing"; }
  ConfigSchema schema() const override { return AccountStandingSchema(); }
  std::unique_ptr<Check> Create(const json&, const CheckDeps& deps,
                                Status* error) const override {
    if (!deps.accounts) {
      *error = Status::InvalidConfig("account_standing needs storage");
      return nullptr;
    }
    return std::make_unique<AccountStandingCheck>(deps.accounts);
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(AccountStandingFactory);

}  // namespace postern::account_standing
