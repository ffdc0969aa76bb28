// POST /v1/shares and GET /v1/shares/{id}.
#include <chrono>
#include <set>

#include "gateway/base/log.h"

#include "gateway/app/gateway.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

constexpr size_t kMaxUserId = 128;
constexpr size_t kMaxPrompt = 8000;
constexpr size_t kMaxCaption = 2200;  // Instagram's caption limit
constexpr size_t kMaxMetadata = 16384;
constexpr size_t kMaxIdempotencyKey = 255;

// Reads an optional string field; returns an error response if present but invalid.
std::optional<Response> StringField(const json& body, const char* name, bool required,
                                    size_t max_len, std::string* out) {
  if (!body.contains(name) || body[name].is_null()) {
    if (required) return Response::Error(400, "missing_field", std::string("\"") + name + "\" is required");
    return std::nullopt;
  }
  if (!body[name].is_string())
    return Response::Error(400, "invalid_field", std::string("\"") + name + "\" must be a string");
  *out = body[name].get<std::string>();
  if (out->size() > max_len)
    return Response::Error(400, "field_too_long", std::string("\"") + name + "\" is longer than " +
                                                      std::to_string(max_len) + " bytes");
  return std::nullopt;
}

}  // namespace

json ShareToJson(const ShareRecord& s) {
  json checks = json::array();
  for (const auto& c : s.checks) {
    json j = {{"plugin", c.plugin}, {"verdict", c.verdict}, {"mode", c.mode}, {"ms", c.ms}};
    if (!c.code.empty()) j["code"] = c.code;
    if (!c.message.empty()) j["message"] = c.message;
    if (!c.evidence.empty()) j["evidence"] = c.evidence;
    checks.push_back(j);
  }
  json deliveries = json::array();
  for (const auto& d : s.deliveries) {
    json j = {{"destination", d.destination}, {"status", d.status}, {"attempts", d.attempts}};
    if (!d.url.empty()) j["url"] = d.url;
    if (!d.remote_id.empty()) j["remote_id"] = d.remote_id;
    if (!d.last_error.empty() && d.status != "delivered") j["last_error"] = d.last_error;
    deliveries.push_back(j);
  }
  return {{"share_id", s.id}, {"user_id", s.user_id}, {"decision", s.decision},
          {"reasons", s.reasons}, {"checks", checks}, {"deliveries", deliveries},
          {"config_hash", s.config_hash}, {"created_at", IsoTime(s.created_at)}};
}

Response Gateway::GetShareResponse(const std::string& id) {
  ShareRecord s;
  Status st = store_->GetShare(id, &s);
  if (st.IsNotFound()) return Response::Error(404, "not_found", st.message());
  if (!st.ok()) return Response::Error(503, "storage_unavailable", st.message());
  return Response::Json(200, ShareToJson(s));
}

Response Gateway::HandleShares(const Request& req, const std::string& actor) {
  auto rt = runtime();
  const Config& cfg = rt->config;
  const std::string idem_key = req.Header("idempotency-key");
  if (idem_key.size() > kMaxIdempotencyKey)
    return Response::Error(400, "invalid_idempotency_key", "Idempotency-Key is longer than 255 characters");
  const std::string body_hash = Sha256Hex(req.body);
  if (!idem_key.empty()) {
    bool found = false;
    std::string prev_hash, prev_response;
    Status st = store_->GetIdempotent(idem_key, &found, &prev_hash, &prev_response);
    if (!st.ok()) return Response::Error(503, "storage_unavailable", st.message());
    if (found) {
      if (prev_hash != body_hash)
        return Response::Error(422, "idempotency_key_reused",
                               "this Idempotency-Key was used with a different request body");
      Response r = GetShareResponse(json::parse(prev_response)["share_id"].get<std::string>());
      r.headers["Idempotent-Replayed"] = "true";
      return r;
    }
  }

  json body = ParseJsonBody(req.body);
  if (body.is_discarded()) return Response::Error(400, "invalid_json", "the request body is not valid JSON (or nests deeper than 32 levels)");
  if (!body.is_object()) return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  static const std::set<std::string> kKnown = {"user_id", "image", "prompt", "caption", "destinations", "metadata"};
  for (auto it = body.begin(); it != body.end(); ++it)
    if (!kKnown.count(it.key())) return Response::Error(400, "unknown_field", "unknown field \"" + it.key() + "\"");

  ShareInput in;
  std::string image_b64;
  if (auto e = StringField(body, "user_id", true, kMaxUserId, &in.user_id)) return *e;
  if (in.user_id.empty()) return Response::Error(400, "invalid_field", "\"user_id\" must not be empty");
  if (auto e = StringField(body, "image", true, SIZE_MAX, &image_b64)) return *e;
  if (auto e = StringField(body, "prompt", true, kMaxPrompt, &in.prompt)) return *e;
  if (auto e = StringField(body, "caption", false, kMaxCaption, &in.caption)) return *e;
  std::vector<std::string> destinations = cfg.default_destinations;
  if (body.contains("destinations") && !body["destinations"].is_null()) {
    const json& d = body["destinations"];
    if (!d.is_array() || d.empty())
      return Response::Error(400, "invalid_field", "\"destinations\" must be a non-empty list of strings");
    destinations.clear();
    for (const auto& e : d) {
      if (!e.is_string()) return Response::Error(400, "invalid_field", "\"destinations\" must be a list of strings");
      const std::string name = e.get<std::string>();
      if (!rt->connectors->count(name))
        return Response::Error(422, "unknown_destination", "\"" + name + "\" is not an enabled destination");
      if (std::find(destinations.begin(), destinations.end(), name) == destinations.end())
        destinations.push_back(name);
    }
  }
  if (body.contains("metadata") && !body["metadata"].is_null()) {
    if (!body["metadata"].is_object()) return Response::Error(400, "invalid_field", "\"metadata\" must be an object");
    in.metadata = body["metadata"];
    if (in.metadata.dump().size() > kMaxMetadata)
      return Response::Error(400, "field_too_long", "\"metadata\" is larger than 16384 bytes");
  }
  for (const std::string* s : {&in.user_id, &in.prompt, &in.caption})
    if (!IsValidUtf8(*s)) return Response::Error(400, "invalid_utf8", "text fields must be valid UTF-8");
  if (image_b64.empty()) return Response::Error(400, "invalid_field", "\"image\" must not be empty");
  std::string bytes;
  if (!Base64Decode(image_b64, &bytes)) return Response::Error(400, "invalid_base64", "\"image\" is not valid base64");
  image_b64.clear();
  image_b64.shrink_to_fit();

  in.share_id = NewId("shr_");
  std::string sha = Sha256Hex(bytes);
  auto image = std::make_shared<ImageAnalysis>(std::move(bytes), std::move(sha));
  auto start = std::chrono::steady_clock::now();
  Pipeline::Outcome outcome;
  try {
    outcome = rt->pipeline->Run(in, image, &metrics_);
  } catch (const CallerError& e) {
    return Response::Error(e.http_status, e.code, e.message);
  }
  double total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  ShareRecord s;
  s.id = in.share_id;
  s.user_id = in.user_id;
  s.prompt = in.prompt;
  s.caption = in.caption;
  s.metadata = in.metadata;
  s.image_sha256 = image->sha256();
  s.content_type = image->header().content_type;
  s.decision = outcome.decision;
  s.reasons = outcome.reasons;
  s.checks = outcome.checks;
  s.destinations = destinations;
  s.config_hash = cfg.hash;
  s.created_at = NowSeconds();
  s.image_bytes = image->bytes();
  if (const auto* pdq = image->Peek<PerceptualHash>(kPerceptualHashKey)) {
    s.pdq = pdq->hex;
    s.pdq_quality = pdq->quality;
  }
  const std::string stored_response = json({{"share_id", s.id}}).dump();
  Status st = store_->InsertShare(s, idem_key, body_hash, stored_response);
  if (st.code() == StatusCode::kIdempotencyConflict) {
    // A concurrent request with the same key won the race: answer as a replay.
    bool found = false;
    std::string prev_hash, prev_response;
    if (store_->GetIdempotent(idem_key, &found, &prev_hash, &prev_response).ok() && found) {
      if (prev_hash != body_hash)
        return Response::Error(422, "idempotency_key_reused", "this Idempotency-Key was used with a different request body");
      return GetShareResponse(json::parse(prev_response)["share_id"].get<std::string>());
    }
  }
  if (!st.ok()) return Response::Error(503, "storage_unavailable", "the decision could not be stored: " + st.message());

  metrics_.Inc("postern_share_decisions_total", {{"decision", s.decision}});
  json log = {{"event", "decision"}, {"share_id", s.id}, {"user_id", s.user_id}, {"decision", s.decision},
              {"reasons", s.reasons}, {"config_hash", s.config_hash}, {"image_sha256", s.image_sha256},
              {"ms", total_ms}, {"actor", actor}};
  json verdicts = json::array();
  for (const auto& c : s.checks) verdicts.push_back({{"plugin", c.plugin}, {"verdict", c.verdict}, {"mode", c.mode}, {"code", c.code}, {"ms", c.ms}});
  log["checks"] = verdicts;
  LogJson(spdlog::level::info, log);

  if (s.decision == "approved") delivery_->DeliverInline(s.id);
  return GetShareResponse(s.id);
}

}  // namespace postern
