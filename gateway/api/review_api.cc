// Review queue, user reports, accounts and appeals: /v1/review..., /v1/reports,
// /v1/accounts/...
#include <array>
#include <numeric>

#include "gateway/app/gateway.h"
#include "gateway/base/log.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

json AccountToJson(const Account& a) {
  return {{"user_id", a.user_id}, {"status", a.status}, {"strikes_in_window", a.strikes_in_window},
          {"strikes_total", a.strikes_total},
          {"deactivated_at", a.deactivated_at ? json(IsoTime(a.deactivated_at)) : json(nullptr)}};
}

// PDQ hex -> 256 bits; false if malformed.
bool HexBits(const std::string& hex, std::array<uint64_t, 4>* out) {
  if (hex.size() != 64) return false;
  for (int w = 0; w < 4; ++w) {
    try {
      size_t used = 0;
      (*out)[w] = std::stoull(hex.substr(16 * w, 16), &used, 16);
      if (used != 16) return false;
    } catch (...) { return false; }
  }
  return true;
}

int Hamming(const std::array<uint64_t, 4>& a, const std::array<uint64_t, 4>& b) {
  int d = 0;
  for (int i = 0; i < 4; ++i) d += __builtin_popcountll(a[i] ^ b[i]);
  return d;
}

json ReviewItemToJson(const ReviewItem& r) {
  json j = {{"share_id", r.share_id}, {"status", r.status}, {"source", r.source},
            {"user_id", r.share.user_id}, {"prompt", r.share.prompt}, {"caption", r.share.caption},
            {"decision", r.share.decision}, {"reasons", r.share.reasons}, {"plugins", r.plugins},
            {"codes", r.codes}, {"reports", r.reports}, {"created_at", IsoTime(r.created_at)},
            {"age_s", NowSeconds() - r.created_at},
            {"image_url", "/v1/review/" + r.share_id + "/image"}, {"note", r.note},
            {"reason_code", r.reason_code}, {"decided_by", r.decided_by},
            {"decided_at", r.decided_at ? json(IsoTime(r.decided_at)) : json(nullptr)},
            {"claimed_by", r.claimed_by.empty() ? json(nullptr) : json(r.claimed_by)},
            {"claim_expires_at", r.claim_expires_at ? json(IsoTime(r.claim_expires_at)) : json(nullptr)}};
  if (!r.share.pdq.empty()) j["pdq"] = {{"hash", r.share.pdq}, {"quality", r.share.pdq_quality}};
  return j;
}

}  // namespace

Response Gateway::ListReviewResponse(const Request& req) {
  auto q = [&](const char* k) { return req.query.count(k) ? req.query.at(k) : std::string(); };
  ReviewFilter f;
  f.status = q("status").empty() ? "pending" : q("status");
  if (f.status != "pending" && f.status != "confirmed" && f.status != "overturned")
    return Response::Error(400, "invalid_parameter", "status must be pending, confirmed or overturned");
  f.plugin = q("plugin");
  f.code = q("code");
  f.user_id = q("user_id");
  f.source = q("source");
  const std::string sort = q("sort");
  if (!sort.empty() && sort != "oldest" && sort != "newest")
    return Response::Error(400, "invalid_parameter", "sort must be oldest or newest");
  f.newest_first = sort == "newest";
  if (!q("min_age_s").empty()) {
    try { f.min_age_s = std::stoll(q("min_age_s")); } catch (...) {
      return Response::Error(400, "invalid_parameter", "min_age_s must be an integer");
    }
  }
  bool ok;
  Page page{ParseLimit(req, 50, 500, &ok), q("cursor")};
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 500");
  std::vector<ReviewItem> items;
  std::string next;
  Status st = store_->ListReview(f, page, &items, &next);
  if (!st.ok()) return StoreError(st);
  json arr = json::array();
  for (const auto& r : items) arr.push_back(ReviewItemToJson(r));

  // Near-duplicate groups among pending items: one decision can cover a group.
  if (f.status == "pending") {
    std::vector<ReviewItem> pending;
    std::string ignored;
    ReviewFilter all;
    if (store_->ListReview(all, Page{5000, ""}, &pending, &ignored).ok()) {
      const int max_d = runtime()->config.group_distance;
      std::vector<std::array<uint64_t, 4>> bits(pending.size());
      std::vector<bool> has(pending.size());
      for (size_t i = 0; i < pending.size(); ++i) has[i] = HexBits(pending[i].share.pdq, &bits[i]);
      for (size_t k = 0; k < items.size(); ++k) {
        std::array<uint64_t, 4> mine;
        if (!HexBits(items[k].share.pdq, &mine)) continue;
        json group = json::array();
        for (size_t i = 0; i < pending.size(); ++i)
          if (has[i] && pending[i].share_id != items[k].share_id && Hamming(mine, bits[i]) <= max_d)
            group.push_back(pending[i].share_id);
        arr[k]["near_duplicates"] = group;
      }
    }
  }
  return Response::Json(200, {{"items", arr}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

Response Gateway::DecideOne(const std::string& share_id, const ReviewDecision& d, bool* ok) {
  *ok = false;
  auto rt = runtime();
  ReviewOutcome out;
  Status st = store_->DecideReview(share_id, d, rt->config.strikes, rt->config.hash_bank, &out);
  if (st.code() == StatusCode::kClaimedByOther) return Response::Error(409, "claimed_by_other", st.message());
  if (!st.ok()) return StoreError(st);
  *ok = true;
  metrics_.Inc("postern_review_decisions_total", {{"action", d.action}});
  if (d.action == "overturn") delivery_->DeliverInline(share_id);
  // A confirmed report takes the post down wherever it went, where the destination can.
  json removed = json::array();
  for (const auto& del : out.to_remove) {
    auto it = rt->connectors->find(del.destination);
    Status rs = it == rt->connectors->end()
                    ? Status::Unsupported("connector not enabled")
                    : it->second->Remove(share_id, del.remote_id);
    removed.push_back({{"destination", del.destination}, {"removed", rs.ok()},
                       {"detail", rs.ok() ? "" : rs.message()}});
  }
  LogJson(spdlog::level::info, {{"event", "review_decision"}, {"share_id", share_id}, {"action", d.action},
                                {"actor", d.actor}, {"reason_code", d.reason_code}, {"banked", out.banked},
                                {"account_status", out.account.status}});
  json j = {{"share_id", share_id}, {"status", d.action == "confirm" ? "confirmed" : "overturned"},
            {"account", AccountToJson(out.account)}, {"banked", out.banked}};
  if (!removed.empty()) j["removed_from"] = removed;
  return Response::Json(200, j);
}

Response Gateway::HandleReview(const Request& req, const std::vector<std::string>& parts,
                               const std::string& actor) {
  const size_t n = parts.size();
  if (n == 2 && req.method == "GET") return ListReviewResponse(req);
  if (n == 3 && parts[2] == "stats" && req.method == "GET") {
    json stats;
    Status st = store_->ReviewStats(&stats);
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, stats);
  }
  if (n == 4 && parts[3] == "image" && req.method == "GET") return HandleReviewImage(parts[2]);
  if (n == 4 && (parts[3] == "claim" || parts[3] == "release") && req.method == "POST") {
    Status st = parts[3] == "claim" ? store_->ClaimReview(parts[2], actor, runtime()->config.claim_ttl_s)
                                    : store_->ReleaseReview(parts[2], actor);
    if (st.code() == StatusCode::kClaimedByOther) return Response::Error(409, "claimed_by_other", st.message());
    if (!st.ok()) return StoreError(st);
    ReviewItem item;
    store_->GetReviewItem(parts[2], &item);
    return Response::Json(200, ReviewItemToJson(item));
  }
  if (n == 3 && req.method == "POST") {
    json body = ParseJsonBody(req.body);
    if (body.is_discarded() || !body.is_object())
      return Response::Error(400, "invalid_json", "the request body must be a JSON object");
    ReviewDecision d;
    d.actor = actor;
    if (!body.contains("action") || !body["action"].is_string())
      return Response::Error(400, "missing_field", "\"action\" is required: confirm or overturn");
    d.action = body["action"];
    if (d.action != "confirm" && d.action != "overturn")
      return Response::Error(400, "invalid_field", "\"action\" must be confirm or overturn");
    for (const char* k : {"note", "reason_code"}) {
      if (!body.contains(k)) continue;
      if (!body[k].is_string()) return Response::Error(400, "invalid_field", std::string("\"") + k + "\" must be a string");
      if (body[k].get<std::string>().size() > 4000) return Response::Error(400, "field_too_long", std::string("\"") + k + "\" is too long");
    }
    if (body.contains("apply_to_group") && !body["apply_to_group"].is_boolean())
      return Response::Error(400, "invalid_field", "\"apply_to_group\" must be true or false");
    d.note = body.value("note", "");
    d.reason_code = body.value("reason_code", "");
    const auto& codes = runtime()->config.reason_codes;
    if (d.action == "confirm" && !codes.empty()) {
      if (d.reason_code.empty() || std::find(codes.begin(), codes.end(), d.reason_code) == codes.end()) {
        std::string all;
        for (const auto& c : codes) all += (all.empty() ? "" : ", ") + c;
        return Response::Error(400, "invalid_reason_code", "confirm needs a \"reason_code\" from: " + all);
      }
    }
    std::vector<std::string> ids;
    if (parts[2] == "bulk") {
      if (!body.contains("share_ids") || !body["share_ids"].is_array() || body["share_ids"].empty() ||
          body["share_ids"].size() > 500)
        return Response::Error(400, "invalid_field", "\"share_ids\" must be a list of 1 to 500 share ids");
      for (const auto& id : body["share_ids"]) {
        if (!id.is_string()) return Response::Error(400, "invalid_field", "\"share_ids\" must hold strings");
        ids.push_back(id);
      }
    } else {
      ids.push_back(parts[2]);
      if (body.value("apply_to_group", false)) {
        // The item's near-duplicates among pending items join the decision.
        Request list;
        list.query = {{"limit", "500"}};
        json listed = json::parse(ListReviewResponse(list).body, nullptr, false);
        for (const auto& it : listed.value("items", json::array()))
          if (it["share_id"] == parts[2])
            for (const auto& g : it.value("near_duplicates", json::array())) ids.push_back(g);
      }
    }
    if (ids.size() == 1 && parts[2] != "bulk") {
      bool ok;
      return DecideOne(ids[0], d, &ok);
    }
    json results = json::array();
    int decided = 0;
    for (const auto& id : ids) {
      bool ok;
      Response r = DecideOne(id, d, &ok);
      json one = json::parse(r.body, nullptr, false);
      one["share_id"] = id;
      one["http_status"] = r.status;
      results.push_back(one);
      decided += ok;
    }
    return Response::Json(200, {{"decided", decided}, {"results", results}});
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
  return Response{200, type, std::move(bytes), {{"Cache-Control", "private, no-store"}}};
}

Response Gateway::HandleReports(const Request& req, const std::string& actor) {
  json body = ParseJsonBody(req.body);
  if (body.is_discarded() || !body.is_object())
    return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  std::string id;
  for (const char* k : {"post_id", "share_id"})
    if (body.contains(k)) {
      if (!body[k].is_string()) return Response::Error(400, "invalid_field", std::string("\"") + k + "\" must be a string");
      id = body[k];
    }
  if (id.empty()) return Response::Error(400, "missing_field", "\"post_id\" or \"share_id\" is required");
  if (!body.contains("reporter_id") || !body["reporter_id"].is_string() || body["reporter_id"].get<std::string>().empty())
    return Response::Error(400, "missing_field", "\"reporter_id\" is required");
  const std::string reporter = body["reporter_id"];
  if (body.contains("reason") && !body["reason"].is_string())
    return Response::Error(400, "invalid_field", "\"reason\" must be a string");
  std::string reason = body.value("reason", "");
  if (reason.size() > 2000 || reporter.size() > 128)
    return Response::Error(400, "field_too_long", "\"reason\" or \"reporter_id\" is too long");
  if (!IsValidUtf8(reason) || !IsValidUtf8(reporter)) return Response::Error(400, "invalid_utf8", "text must be valid UTF-8");
  std::string share_id;
  int distinct = 0;
  bool hidden = false;
  Status st = store_->ReportPost(id, reporter, reason, runtime()->config.reports_to_hide, &share_id, &distinct, &hidden);
  if (!st.ok()) return StoreError(st);
  metrics_.Inc("postern_reports_total", {});
  LogJson(spdlog::level::info, {{"event", "report"}, {"share_id", share_id}, {"reporters", distinct},
                                {"hidden", hidden}, {"actor", actor}});
  return Response::Json(200, {{"share_id", share_id}, {"reporters", distinct}, {"hidden", hidden},
                              {"review_status", "pending"}});
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
  if (n == 4 && parts[3] == "appeal" && req.method == "POST") {
    std::string share_id;
    Status st = store_->Appeal(parts[2], &share_id);
    if (st.code() == StatusCode::kAppealUsed) return Response::Error(409, "appeal_used", st.message());
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, {{"user_id", parts[2]}, {"share_id", share_id}, {"review_status", "pending"}});
  }
  return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
}

}  // namespace postern
