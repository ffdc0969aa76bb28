// /v1/accounts/{user_id}, /reinstate, /appeal.
#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"

namespace postern {

Response AccountsApi::Get(const std::string& user_id) {
  Account a;
  Status st = accounts_->Get(user_id, &a);
  return st.ok() ? Response::Json(200, AccountToJson(a)) : StatusError(st);
}

Response AccountsApi::Reinstate(const std::string& user_id, const Caller& caller) {
  Account a;
  Status st = accounts_->Reinstate(user_id, caller.name, &a);
  return st.ok() ? Response::Json(200, AccountToJson(a)) : StatusError(st);
}

Response AccountsApi::Appeal(const std::string& user_id) {
  std::string share_id;
  Status st = accounts_->Appeal(user_id, &share_id);
  if (!st.ok()) return StatusError(st);
  return Response::Json(200, {{"user_id", user_id}, {"share_id", share_id}, {"review_status", "pending"}});
}

}  // namespace postern
