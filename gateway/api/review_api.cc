// Review queue, user reports: the requests' shape; ReviewService decides.
#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
#include "gateway/api/params.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

constexpr size_t kMaxNote = 4000;
constexpr size_t kMaxBulk = 500;

// Reads {action, note?, reason_code?} into *d; an error response if malformed.
std::optional<Response> ParseDecision(const json& body, ReviewDecision* d) {
  if (!body.contains("action") || !body["action"].is_string())
    return Response::Error(400, "missing_field", "\"action\" is required: confirm or overturn");
  if (!ParseEnum(body["action"].get<std::string>(), &d->action))
    return Response::Error(400, "invalid_field", "\"action\" must be confirm or overturn");
  for (const char* k : {"note", "reason_code"}) {
    if (!body.contains(k)) continue;
    if (!body[k].is_string()) return Response::Error(400, "invalid_field", std::string("\"") + k + "\" must be a string");
    const std::string v = body[k].get<std::string>();
    if (v.size() > kMaxNote) return Response::Error(400, "field_too_long", std::string("\"") + k + "\" is too long");
    if (!IsValidUtf8(v)) return Response::Error(400, "invalid_utf8", std::string("\"") + k + "\" must be valid UTF-8");
  }
  d->note = body.value("note", "");
  d->reason_code = body.value("reason_code", "");
  return std::nullopt;
}

json ResultToJson(const DecisionResult& r, ReviewAction action) {
  if (!r.status.ok()) {
    return {{"share_id", r.share_id}, {"http_status", StatusCodeHttp(r.status.code())},
            {"error", {{"code", r.status.code_name()}, {"message", r.status.message()}}}};
  }
  json j = {{"share_id", r.share_id},
            {"status", action == ReviewAction::kConfirm ? "confirmed" : "overturned"},
            {"account", AccountToJson(r.outcome.account)}, {"banked", r.banked}, {"http_status", 200}};
  if (!r.removed.empty()) j["removed_from"] = r.removed;
  return j;
}

// {decided, results}: one entry per item, with its own status.
Response ResultsResponse(const std::vector<DecisionResult>& results, ReviewAction action) {
  json arr = json::array();
  int decided = 0;
  for (const auto& r : results) {
    arr.push_back(ResultToJson(r, action));
    decided += r.status.ok();
  }
  return Response::Json(200, {{"decided", decided}, {"results", arr}});
}

json DetailToJson(const ReviewDetail& d) {
  const bool pending = d.item.status == ReviewStatus::kPending;
  json j = ReviewItemToJson(d.item, pending ? &d.near_duplicates : nullptr);
  j["checks"] = ShareToJson(d.item.share)["checks"];
  json reports = json::array();
  for (const auto& r : d.reports)
    reports.push_back({{"reporter_id", r.reporter_id}, {"reason", r.reason}, {"created_at", IsoTime(r.created_at)}});
  j["user_reports"] = reports;
  json account = AccountToJson(d.account);
  account["strikes_to_deactivate"] = d.policy.strikes_to_deactivate;
  account["strike_window_days"] = d.policy.strike_window_days;
  account["appeal"] = d.appealed ? json{{"share_id", d.appeal.share_id}, {"created_at", IsoTime(d.appeal.created_at)}}
                                 : json(nullptr);
  json history = json::array();
  for (const auto& h : d.history)
    history.push_back({{"share_id", h.share_id}, {"status", EnumName(h.status)}, {"source", EnumName(h.source)},
                       {"codes", h.codes}, {"reason_code", h.reason_code}, {"note", h.note},
                       {"decided_by", h.decided_by}, {"decided_at", h.decided_at ? json(IsoTime(h.decided_at)) : json(nullptr)}});
  account["past_decisions"] = history;
  j["account"] = account;
  return j;
}

}  // namespace

Response ReviewApi::Detail(const std::string& share_id) {
  ReviewDetail d;
  Status st = review_->Detail(share_id, &d);
  return st.ok() ? Response::Json(200, DetailToJson(d)) : StatusError(st);
}

Response ReviewApi::List(const Request& req) {
  ReviewFilter f;
  const std::string status = QueryParam(req, "status");
  if (!status.empty() && !ParseEnum(status, &f.status))
    return Response::Error(400, "invalid_parameter", "status must be pending, confirmed or overturned");
  f.plugin = QueryParam(req, "plugin");
  f.code = QueryParam(req, "code");
  f.user_id = QueryParam(req, "user_id");
  f.source = QueryParam(req, "source");
  // One source or several, comma-separated (rejected,held: what the checks flagged).
  for (size_t i = 0; !f.source.empty() && i <= f.source.size();) {
    size_t j = std::min(f.source.find(',', i), f.source.size());
    ReviewSource source;
    if (!ParseEnum(f.source.substr(i, j - i), &source))
      return Response::Error(400, "invalid_parameter",
                             "source must be one or more (comma-separated) of " + EnumChoices<ReviewSource>());
    i = j + 1;
  }
  const std::string sort = QueryParam(req, "sort");
  if (!sort.empty() && sort != "oldest" && sort != "newest")
    return Response::Error(400, "invalid_parameter", "sort must be oldest or newest");
  f.newest_first = sort == "newest";
  if (const std::string age = QueryParam(req, "min_age_s"); !age.empty()) {
    try {
      size_t used = 0;
      f.min_age_s = std::stoll(age, &used);
      if (used != age.size() || f.min_age_s < 0) throw std::invalid_argument(age);
    } catch (...) {
      return Response::Error(400, "invalid_parameter", "min_age_s must be a whole number of seconds");
    }
  }
  bool ok;
  Page page{ParseLimit(req, 50, 500, &ok), QueryParam(req, "cursor")};
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 500");
  std::vector<ReviewItem> items;
  std::vector<std::vector<std::string>> groups;
  std::string next;
  Status st = review_->List(f, page, &items, &groups, &next);
  if (!st.ok()) return StatusError(st);
  json arr = json::array();
  for (size_t i = 0; i < items.size(); ++i)
    arr.push_back(ReviewItemToJson(items[i], f.status == ReviewStatus::kPending ? &groups[i] : nullptr));
  return Response::Json(200, {{"items", arr}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

Response ReviewApi::Stats() {
  json stats;
  Status st = review_->Stats(&stats);
  return st.ok() ? Response::Json(200, stats) : StatusError(st);
}

Response ReviewApi::Image(const std::string& share_id) {
  ShareRecord s;
  Status st = shares_->GetShare(share_id, &s);
  std::string bytes, type;
  if (st.ok()) st = shares_->GetImage(s.image_sha256, &bytes, &type);
  if (!st.ok()) return StatusError(st);
  return Response{200, type, std::move(bytes), {{"Cache-Control", "private, no-store"}}};
}

Response ReviewApi::Claim(const std::string& share_id, const Caller& caller, bool release) {
  Status st = release ? review_->Release(share_id, caller.name) : review_->Claim(share_id, caller.name);
  ReviewItem item;
  if (st.ok()) st = review_->Get(share_id, &item);
  return st.ok() ? Response::Json(200, ReviewItemToJson(item)) : StatusError(st);
}

Response ReviewApi::Decide(const Request& req, const std::string& share_id, const Caller& caller) {
  json body = ParseJsonBody(req.body);
  if (body.is_discarded() || !body.is_object())
    return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  ReviewDecision d;
  d.actor = caller.name;
  if (auto e = ParseDecision(body, &d)) return *e;
  if (body.contains("apply_to_group") && !body["apply_to_group"].is_boolean())
    return Response::Error(400, "invalid_field", "\"apply_to_group\" must be true or false");
  const bool group = body.value("apply_to_group", false);
  std::vector<DecisionResult> results;
  Status st = review_->Decide(share_id, d, group, &results);
  if (st.IsInvalidArgument()) return Response::Error(400, "invalid_reason_code", st.message());
  if (!st.ok()) return StatusError(st);
  if (!group) {
    if (!results[0].status.ok()) return StatusError(results[0].status);
    json j = ResultToJson(results[0], d.action);
    j.erase("http_status");
    return Response::Json(200, j);
  }
  return ResultsResponse(results, d.action);
}

Response ReviewApi::Bulk(const Request& req, const Caller& caller) {
  json body = ParseJsonBody(req.body);
  if (body.is_discarded() || !body.is_object())
    return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  ReviewDecision d;
  d.actor = caller.name;
  if (auto e = ParseDecision(body, &d)) return *e;
  if (!body.contains("share_ids") || !body["share_ids"].is_array() || body["share_ids"].empty() ||
      body["share_ids"].size() > kMaxBulk)
    return Response::Error(400, "invalid_field", "\"share_ids\" must be a list of 1 to 500 share ids");
  std::vector<std::string> ids;
  for (const auto& id : body["share_ids"]) {
    if (!id.is_string()) return Response::Error(400, "invalid_field", "\"share_ids\" must hold strings");
    ids.push_back(id.get<std::string>());
  }
  std::vector<DecisionResult> results;
  Status st = review_->DecideMany(ids, d, &results);
  if (st.IsInvalidArgument()) return Response::Error(400, "invalid_reason_code", st.message());
  if (!st.ok()) return StatusError(st);
  return ResultsResponse(results, d.action);
}

Response ReviewApi::Report(const Request& req, const Caller& caller) {
  (void)caller;
  json body = ParseJsonBody(req.body);
  if (body.is_discarded() || !body.is_object())
    return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  std::string id;
  for (const char* k : {"post_id", "share_id"})
    if (body.contains(k)) {
      if (!body[k].is_string()) return Response::Error(400, "invalid_field", std::string("\"") + k + "\" must be a string");
      id = body[k].get<std::string>();
    }
  if (id.empty()) return Response::Error(400, "missing_field", "\"post_id\" or \"share_id\" is required");
  if (!body.contains("reporter_id") || !body["reporter_id"].is_string() || body["reporter_id"].get<std::string>().empty())
    return Response::Error(400, "missing_field", "\"reporter_id\" is required");
  const std::string reporter = body["reporter_id"].get<std::string>();
  if (body.contains("reason") && !body["reason"].is_string())
    return Response::Error(400, "invalid_field", "\"reason\" must be a string");
  const std::string reason = body.value("reason", "");
  if (reason.size() > 2000 || reporter.size() > 128)
    return Response::Error(400, "field_too_long", "\"reason\" or \"reporter_id\" is too long");
  if (!IsValidUtf8(reason) || !IsValidUtf8(reporter) || !IsValidUtf8(id))
    return Response::Error(400, "invalid_utf8", "text must be valid UTF-8");
  std::string share_id;
  int reporters = 0;
  bool hidden = false;
  Status st = review_->Report(id, reporter, reason, &share_id, &reporters, &hidden);
  if (!st.ok()) return StatusError(st);
  return Response::Json(200, {{"share_id", share_id}, {"reporters", reporters}, {"hidden", hidden},
                              {"review_status", "pending"}});
}

}  // namespace postern
