// AccountService: account standing under the configured strike policy, reinstatement
// and the one appeal an account has.
#pragma once

#include <string>

#include "gateway/share/runtime.h"
#include "gateway/store/store.h"

namespace postern {

class AccountService {
 public:
  AccountService(Store* store, RuntimeSource runtime) : store_(store), runtime_(std::move(runtime)) {}

  // Standing with strikes counted in the policy's window. kUnavailable.
  Status Get(const std::string& user_id, Account* out) {
    return store_->GetAccount(user_id, runtime_()->config.strikes, out);
  }
  // Reactivates and clears strikes, audited; *out is the account afterwards. kUnavailable.
  Status Reinstate(const std::string& user_id, const std::string& actor, Account* out) {
    Status st = store_->ReinstateAccount(user_id, actor);
    return st.ok() ? Get(user_id, out) : st;
  }
  // The last confirmed violation goes back to the queue. kAppealUsed, kNotFound, kUnavailable.
  Status Appeal(const std::string& user_id, std::string* share_id) { return store_->Appeal(user_id, share_id); }

 private:
  Store* store_;
  RuntimeSource runtime_;
};

}  // namespace postern
