// Showcase feed (public reads, curator writes) and public media.
#include "gateway/gateway.h"
#include "gateway/util.h"

namespace postern {

json FeedPostToJson(const FeedPost& p, const std::string& base_url) {
  return {{"post_id", p.id}, {"user_id", p.user_id}, {"caption", p.caption},
          {"featured", p.featured}, {"hidden", p.hidden}, {"position", p.position},
          {"image_url", base_url + "/v1/media/" + p.id}, {"created_at", IsoTime(p.created_at)}};
}

Response Gateway::HandleFeed(const Request& req, const std::vector<std::string>& parts) {
  const std::string base = runtime()->config.public_base_url;
  if (parts.size() == 3) {
    FeedPost p;
    Status st = store_->GetFeedPost(parts[2], &p);
    if (!st.ok() || p.hidden) return Response::Error(404, "not_found", "no such post on the feed");
    return Response::Json(200, FeedPostToJson(p, base));
  }
  if (parts.size() != 2) return Response::Error(404, "not_found", "no such endpoint: " + req.path);
  bool include_hidden = false;
  if (req.query.count("include_hidden") && req.query.at("include_hidden") == "true") {
    // Hidden posts are for curators only.
    std::string actor, role;
    Authenticate(req, &actor, &role);
    if (role != "curator" && role != "admin")
      return Response::Error(role.empty() ? 401 : 403, role.empty() ? "unauthorized" : "forbidden",
                             "include_hidden needs a curator key");
    include_hidden = true;
  }
  bool ok;
  Page page{ParseLimit(req, 20, 100, &ok), req.query.count("cursor") ? req.query.at("cursor") : ""};
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 100");
  std::vector<FeedPost> posts;
  std::string next;
  Status st = store_->ListFeed(page, include_hidden, &posts, &next);
  if (!st.ok()) return StoreError(st);
  json items = json::array();
  for (const auto& p : posts) items.push_back(FeedPostToJson(p, base));
  return Response::Json(200, {{"items", items}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

Response Gateway::HandleCurate(const Request& req, const std::vector<std::string>& parts,
                               const std::string& actor) {
  const std::string base = runtime()->config.public_base_url;
  if (parts.size() == 4 && req.method == "POST") {
    const std::string& action = parts[3];
    if (action != "feature" && action != "unfeature" && action != "hide" && action != "unhide")
      return Response::Error(404, "not_found", "unknown feed action \"" + action + "\"");
    Status st = store_->UpdateFeedPost(parts[2], action, actor);
    if (!st.ok()) return StoreError(st);
  } else if (parts.size() == 3 && req.method == "PATCH") {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return Response::Error(400, "invalid_json", "the request body must be a JSON object");
    if (!body.contains("caption") || !body["caption"].is_string())
      return Response::Error(400, "missing_field", "\"caption\" (a string) is required");
    for (auto it = body.begin(); it != body.end(); ++it)
      if (it.key() != "caption") return Response::Error(400, "unknown_field", "unknown field \"" + it.key() + "\"");
    const std::string caption = body["caption"];
    if (caption.size() > 2200) return Response::Error(400, "field_too_long", "\"caption\" is longer than 2200 bytes");
    if (!IsValidUtf8(caption)) return Response::Error(400, "invalid_utf8", "\"caption\" must be valid UTF-8");
    Status st = store_->SetFeedCaption(parts[2], caption, actor);
    if (!st.ok()) return StoreError(st);
  } else {
    return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
  }
  FeedPost p;
  Status st = store_->GetFeedPost(parts[2], &p);
  if (!st.ok()) return StoreError(st);
  return Response::Json(200, FeedPostToJson(p, base));
}

Response Gateway::HandleMedia(const std::string& id) {
  // A post id serves while the post is visible; a share id serves only for approved
  // shares not hidden on the feed (connectors hand that URL to remote destinations).
  std::string sha;
  FeedPost post;
  if (store_->GetFeedPost(id, &post).ok()) {
    if (!post.hidden) sha = post.image_sha256;
  } else {
    ShareRecord s;
    if (store_->GetShare(id, &s).ok() && s.decision == "approved") {
      FeedPost on_feed;
      // Hidden on the feed means hidden everywhere we serve it.
      bool hidden = store_->GetFeedPostByShare(s.id, &on_feed).ok() && on_feed.hidden;
      if (!hidden) sha = s.image_sha256;
    }
  }
  if (sha.empty()) return Response::Error(404, "not_found", "no such public image");
  std::string bytes, type;
  Status st = store_->GetImage(sha, &bytes, &type);
  if (!st.ok()) return StoreError(st);
  return Response{200, type, std::move(bytes),
                  {{"Cache-Control", "public, max-age=300"}, {"X-Content-Type-Options", "nosniff"}}};
}

}  // namespace postern
