// Showcase feed (public reads, curator writes) and public media.
#include <fstream>
#include <sstream>

#include "gateway/app/gateway.h"
#include "gateway/base/util.h"

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
  for (const auto& p : posts) {
    json item = FeedPostToJson(p, base);
    if (include_hidden) {  // the curator view also shows where each post went
      std::vector<DeliveryRecord> ds;
      if (store_->ListShareDeliveries(p.share_id, &ds).ok()) {
        item["deliveries"] = json::array();
        for (const auto& d : ds)
          item["deliveries"].push_back({{"destination", d.destination}, {"status", d.status}, {"url", d.url}});
      }
    }
    items.push_back(item);
  }
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
    json body = ParseJsonBody(req.body);
    if (body.is_discarded() || !body.is_object())
      return Response::Error(400, "invalid_json", "the request body must be a JSON object");
    for (auto it = body.begin(); it != body.end(); ++it)
      if (it.key() != "caption" && it.key() != "position")
        return Response::Error(400, "unknown_field", "unknown field \"" + it.key() + "\"");
    if (!body.contains("caption") && !body.contains("position"))
      return Response::Error(400, "missing_field", "give \"caption\" (a string) and/or \"position\" (an integer)");
    if (body.contains("caption") && !body["caption"].is_string())
      return Response::Error(400, "invalid_field", "\"caption\" must be a string");
    if (body.contains("position") && !body["position"].is_number_integer())
      return Response::Error(400, "invalid_field", "\"position\" must be an integer");
    if (body.contains("caption")) {
      const std::string caption = body["caption"];
      if (caption.size() > 2200) return Response::Error(400, "field_too_long", "\"caption\" is longer than 2200 bytes");
      if (!IsValidUtf8(caption)) return Response::Error(400, "invalid_utf8", "\"caption\" must be valid UTF-8");
    }
    // Validate everything before writing anything, then apply each change.
    if (body.contains("caption")) {
      Status st = store_->SetFeedCaption(parts[2], body["caption"], actor);
      if (!st.ok()) return StoreError(st);
    }
    if (body.contains("position")) {
      Status st = store_->SetFeedPosition(parts[2], body["position"].get<int64_t>(), actor);
      if (!st.ok()) return StoreError(st);
    }
  } else {
    return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
  }
  FeedPost p;
  Status st = store_->GetFeedPost(parts[2], &p);
  if (!st.ok()) return StoreError(st);
  return Response::Json(200, FeedPostToJson(p, base));
}

Response Gateway::HandleMedia(const std::string& id, bool curator) {
  // A post id serves while the post is visible; a share id serves only for approved
  // shares not hidden on the feed (connectors hand that URL to remote destinations).
  std::string sha;
  FeedPost post;
  if (store_->GetFeedPost(id, &post).ok()) {
    if (!post.hidden || curator) sha = post.image_sha256;
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
  // Short public caching: a curator's hide must take effect quickly.
  return Response{200, type, std::move(bytes),
                  {{"Cache-Control", curator ? "private, no-store" : "public, max-age=60"},
                   {"X-Content-Type-Options", "nosniff"}}};
}

Response Gateway::HandleStatic(const std::string& name) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".png", "image/png"}, {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"}, {".json", "application/json"}};
  // Only plain file names: no directories, no dot-files, so nothing outside web_dir.
  bool plain = !name.empty() && name[0] != '.' &&
               name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
  auto dot = name.rfind('.');
  auto type = dot == std::string::npos ? kTypes.end() : kTypes.find(name.substr(dot));
  if (!plain || type == kTypes.end()) return Response::Error(404, "not_found", "no such page");
  std::ifstream f(runtime()->config.web_dir + "/" + name, std::ios::binary);
  if (!f) return Response::Error(404, "not_found", "no such page");
  std::stringstream ss;
  ss << f.rdbuf();
  return Response{200, type->second, ss.str(), {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}}};
}

}  // namespace postern
