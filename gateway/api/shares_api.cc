// POST /v1/shares and GET /v1/shares/{id}: the request's shape; ShareService decides.
#include <set>

#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
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

Response SharesApi::Get(const std::string& share_id) {
  ShareRecord s;
  Status st = shares_->Get(share_id, &s);
  if (!st.ok()) return StatusError(st);
  return Response::Json(200, ShareToJson(s));
}

Response SharesApi::Create(const Request& req, const Caller& caller) {
  ShareSubmission sub;
  sub.actor = caller.name;
  sub.idempotency_key = req.Header("idempotency-key");
  if (sub.idempotency_key.size() > kMaxIdempotencyKey)
    return Response::Error(400, "invalid_idempotency_key", "Idempotency-Key is longer than 255 characters");
  if (!sub.idempotency_key.empty()) sub.body_hash = Sha256Hex(req.body);

  json body = ParseJsonBody(req.body);
  if (body.is_discarded()) return Response::Error(400, "invalid_json", "the request body is not valid JSON (or nests deeper than 32 levels)");
  if (!body.is_object()) return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  static const std::set<std::string> kKnown = {"user_id", "image", "prompt", "caption", "destinations", "metadata"};
  for (auto it = body.begin(); it != body.end(); ++it)
    if (!kKnown.count(it.key())) return Response::Error(400, "unknown_field", "unknown field \"" + it.key() + "\"");

  ShareInput& in = sub.input;
  std::string image_b64;
  if (auto e = StringField(body, "user_id", true, kMaxUserId, &in.user_id)) return *e;
  if (in.user_id.empty()) return Response::Error(400, "invalid_field", "\"user_id\" must not be empty");
  if (auto e = StringField(body, "image", true, SIZE_MAX, &image_b64)) return *e;
  if (auto e = StringField(body, "prompt", true, kMaxPrompt, &in.prompt)) return *e;
  if (auto e = StringField(body, "caption", false, kMaxCaption, &in.caption)) return *e;
  if (body.contains("destinations") && !body["destinations"].is_null()) {
    const json& d = body["destinations"];
    if (!d.is_array() || d.empty())
      return Response::Error(400, "invalid_field", "\"destinations\" must be a non-empty list of strings");
    for (const auto& e : d) {
      if (!e.is_string()) return Response::Error(400, "invalid_field", "\"destinations\" must be a list of strings");
      sub.destinations.push_back(e.get<std::string>());
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
  if (!Base64Decode(image_b64, &sub.image_bytes)) return Response::Error(400, "invalid_base64", "\"image\" is not valid base64");
  image_b64.clear();
  image_b64.shrink_to_fit();

  ShareRecord s;
  bool replayed = false;
  Status st;
  try {
    st = shares_->Submit(std::move(sub), &s, &replayed);
  } catch (const CallerError& e) {
    Response r = Response::Error(e.http_status, e.code, e.message);
    if (e.retry_after_s > 0) r.headers["Retry-After"] = std::to_string(e.retry_after_s);
    return r;
  }
  if (st.IsInvalidArgument()) return Response::Error(422, "unknown_destination", st.message());
  if (st.code() == StatusCode::kIdempotencyConflict) return Response::Error(422, "idempotency_key_reused", st.message());
  if (!st.ok()) return StatusError(st);
  Response r = Response::Json(200, ShareToJson(s));
  if (replayed) r.headers["Idempotent-Replayed"] = "true";
  return r;
}

}  // namespace postern
