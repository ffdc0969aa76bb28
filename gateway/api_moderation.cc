// Review queue and accounts: GET/POST /v1/review..., /v1/accounts/...
#include "gateway/gateway.h"
#include "gateway/util.h"

namespace postern {

namespace {

json AccountToJson(const Account& a) {
  return {{"user_id", a.user_id}, {"status", a.status}, {"strikes_in_window", a.strikes_in_window},
          {"strikes_total", a.strikes_total},
          {"deactivated_at", a.deactivated_at ? json(IsoTime(a.deactivated_at)) : json(nullptr)}};
}

}  // namespace

Response Gateway::HandleReview(const Request& req, const std::vector<std::string>& parts,
                               const std::string& actor) {
  const size_t n = parts.size();
  if (n == 2 && req.method == "GET") {
    std::string status = "pending";
    if (req.query.count("status")) status = req.query.at("status");
    if (status != "pending" && status != "confirmed" && status != "overturned")
      return Response::Error(400, "invalid_parameter", "status must be pending, confirmed or overturned");
    bool ok;
    Page page{ParseLimit(req, 50, 500, &ok), req.query.count("cursor") ? req.query.at("cursor") : ""};
    if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 500");
    std::vector<ReviewItem> items;
    std::string next;
    Status st = store_->ListReview(status, page, &items, &next);
    if (!st.ok()) return StoreError(st);
    json arr = json::array();
    for (const auto& r : items) {
      arr.push_back({{"share_id", r.share_id}, {"status", r.status}, {"source", r.source},
                     {"user_id", r.share.user_id}, {"prompt", r.share.prompt}, {"caption", r.share.caption},
                     {"decision", r.share.decision}, {"reasons", r.share.reasons},
                     {"created_at", IsoTime(r.created_at)},
                     {"image_url", "/v1/review/" + r.share_id + "/image"},
                     {"note", r.note}, {"decided_by", r.decided_by},
                     {"decided_at", r.decided_at ? json(IsoTime(r.decided_at)) : json(nullptr)}});
    }
    return Response::Json(200, {{"items", arr}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
  }
  if (n == 4 && parts[3] == "image" && req.method == "GET") return HandleReviewImage(parts[2]);
  if (n == 3 && req.method == "POST") {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return Response::Error(400, "invalid_json", "the request body must be a JSON object");
    if (!body.contains("action") || !body["action"].is_string())
      return Response::Error(400, "missing_field", "\"action\" is required: confirm or overturn");
    const std::string action = body["action"];
    if (action != "confirm" && action != "overturn")
      return Response::Error(400, "invalid_field", "\"action\" must be confirm or overturn");
    std::string note;
    if (body.contains("note")) {
      if (!body["note"].is_string()) return Response::Error(400, "invalid_field", "\"note\" must be a string");
      note = body["note"];
      if (note.size() > 4000) return Response::Error(400, "field_too_long", "\"note\" is longer than 4000 bytes");
    }
    Account after;
    Status st = store_->DecideReview(parts[2], action, note, actor, runtime()->config.strikes, &after);
    if (!st.ok()) return StoreError(st);
    if (action == "overturn") delivery_->DeliverInline(parts[2]);
    return Response::Json(200, {{"share_id", parts[2]},
                                {"status", action == "confirm" ? "confirmed" : "overturned"},
                                {"account", AccountToJson(after)}});
  }
  return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
}

Response Gateway::HandleReviewImage(const std::string& share_id) {
  ShareRecord s;
  Status st = store_->GetShare(share_id, &s);
  if (!st.ok()) return StoreError(st);
  std::string bytes, type;
  st = store_->GetImage(s.image_sha256, &bytes, &type);
  if (!st.ok()) return StoreError(st);
  Response r{200, type, std::move(bytes), {{"Cache-Control", "private, no-store"}}};
  return r;
}

Response Gateway::HandleAccounts(const Request& req, const std::vector<std::string>& parts,
                                 const std::string& actor, const std::string&) {
  const size_t n = parts.size();
  if (n == 3 && req.method == "GET") {
    Account a;
    Status st = store_->GetAccount(parts[2], runtime()->config.strikes, &a);
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, AccountToJson(a));
  }
  if (n == 4 && parts[3] == "reinstate" && req.method == "POST") {
    Status st = store_->ReinstateAccount(parts[2], actor);
    if (!st.ok()) return StoreError(st);
    Account a;
    store_->GetAccount(parts[2], runtime()->config.strikes, &a);
    return Response::Json(200, AccountToJson(a));
  }
  return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
}

}  // namespace postern
