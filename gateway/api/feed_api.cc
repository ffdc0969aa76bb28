// Showcase feed (public reads, curator writes), public media and the pages.
#include <fstream>
#include <sstream>

#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
#include "gateway/api/params.h"
#include "gateway/base/util.h"

namespace postern {

namespace {
constexpr size_t kMaxCaption = 2200;  // Instagram's caption limit
// A CDN may keep a feed page for a second and then revalidate it (a cheap 304): curators'
// changes show within about a second everywhere. The bytes behind a media id never change.
constexpr char kFeedCaching[] = "public, max-age=1, must-revalidate";
constexpr char kMediaCaching[] = "public, max-age=86400, immutable";
}  // namespace

Response FeedApi::FromCache(const Request& req, const CachedBody& c, const char* cache_control) {
  std::map<std::string, std::string> headers = {{"ETag", c.etag}, {"Cache-Control", cache_control}};
  if (EtagMatches(req.Header("if-none-match"), c.etag)) return Response{304, "", "", headers};
  headers["X-Content-Type-Options"] = "nosniff";
  return Response{200, c.content_type, *c.body, headers};
}

namespace {
std::string FeedKey(const Page& page, const std::string& base) {
  return "feed " + std::to_string(page.limit) + " " + page.cursor + " " + base;
}
}  // namespace

std::optional<Response> FeedApi::ListFromMemory(const Request& req, const Caller&) {
  int64_t version;
  if (!changes_ || QueryParam(req, "include_hidden") == "true" || !changes_->ValueIfCurrent("feed", &version))
    return std::nullopt;
  bool ok;
  Page page{ParseLimit(req, 20, 100, &ok), QueryParam(req, "cursor")};
  CachedBody cached;
  if (!ok || !cache_.Get(FeedKey(page, runtime_()->config.public_base_url), version, &cached)) return std::nullopt;
  return FromCache(req, cached, kFeedCaching);
}

std::optional<Response> FeedApi::MediaFromMemory(const Request& req, const std::string& id, const Caller& caller) {
  int64_t version;
  CachedBody cached;
  if (!changes_ || caller.Has("curator") || !changes_->ValueIfCurrent("feed", &version) ||
      !cache_.Get("media " + id, version, &cached))
    return std::nullopt;
  return FromCache(req, cached, kMediaCaching);
}

Response FeedApi::List(const Request& req, const Caller& caller) {
  const std::string base = runtime_()->config.public_base_url;
  bool curator_view = false;
  if (QueryParam(req, "include_hidden") == "true") {
    // Hidden posts are for curators only.
    if (!caller.Has("curator"))
      return Response::Error(caller.role.empty() ? 401 : 403, caller.role.empty() ? "unauthorized" : "forbidden",
                             "include_hidden needs a curator key");
    curator_view = true;
  }
  bool ok;
  Page page{ParseLimit(req, 20, 100, &ok), QueryParam(req, "cursor")};
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 100");
  // The public view is the same for everyone: answer it from memory while the feed stands
  // still. The version is read before the database, so a change racing this read leaves
  // the entry under the older version, never a stale one under the newer.
  const bool cacheable = !curator_view && changes_;
  const int64_t version = cacheable ? changes_->Value("feed") : 0;
  const std::string key = FeedKey(page, base);
  CachedBody cached;
  if (cacheable && cache_.Get(key, version, &cached)) return FromCache(req, cached, kFeedCaching);
  std::vector<FeedEntry> entries;
  std::string next;
  Status st = feed_->List(page, curator_view, &entries, &next);
  if (!st.ok()) return StatusError(st);
  json items = json::array();
  for (const auto& e : entries) {
    json item = FeedPostToJson(e.post, base);
    if (curator_view) {  // the curator view also shows where each post went
      item["deliveries"] = json::array();
      for (const auto& d : e.deliveries)
        item["deliveries"].push_back({{"destination", d.destination}, {"status", EnumName(d.state)}, {"url", d.url}});
    }
    items.push_back(item);
  }
  Response r = Response::Json(200, {{"items", items}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
  if (!cacheable) return r;
  cached = {std::make_shared<const std::string>(std::move(r.body)), r.content_type, ""};
  cached.etag = EtagOf(*cached.body);
  cache_.Put(key, version, cached);
  return FromCache(req, cached, kFeedCaching);
}

Response FeedApi::Get(const std::string& post_id) {
  FeedPost p;
  Status st = feed_->GetVisible(post_id, &p);
  if (st.IsNotFound()) return Response::Error(404, "not_found", "no such post on the feed");
  return st.ok() ? Response::Json(200, FeedPostToJson(p, runtime_()->config.public_base_url)) : StatusError(st);
}

Response FeedApi::Curate(const std::string& post_id, const std::string& action, const Caller& caller) {
  FeedAction a;
  if (!ParseEnum(action, &a)) return Response::Error(404, "not_found", "unknown feed action \"" + action + "\"");
  FeedPost p;
  Status st = feed_->Curate(post_id, a, caller.name, &p);
  return st.ok() ? Response::Json(200, FeedPostToJson(p, runtime_()->config.public_base_url)) : StatusError(st);
}

Response FeedApi::Edit(const Request& req, const std::string& post_id, const Caller& caller) {
  json body = ParseJsonBody(req.body);
  if (body.is_discarded() || !body.is_object())
    return Response::Error(400, "invalid_json", "the request body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "caption" && it.key() != "position")
      return Response::Error(400, "unknown_field", "unknown field \"" + it.key() + "\"");
  if (!body.contains("caption") && !body.contains("position"))
    return Response::Error(400, "missing_field", "give \"caption\" (a string) and/or \"position\" (an integer)");
  FeedEdit edit;
  if (body.contains("caption")) {
    if (!body["caption"].is_string()) return Response::Error(400, "invalid_field", "\"caption\" must be a string");
    edit.caption = body["caption"].get<std::string>();
    if (edit.caption->size() > kMaxCaption) return Response::Error(400, "field_too_long", "\"caption\" is longer than 2200 bytes");
    if (!IsValidUtf8(*edit.caption)) return Response::Error(400, "invalid_utf8", "\"caption\" must be valid UTF-8");
  }
  if (body.contains("position")) {
    if (!body["position"].is_number_integer()) return Response::Error(400, "invalid_field", "\"position\" must be an integer");
    edit.position = body["position"].get<int64_t>();
  }
  FeedPost p;
  Status st = feed_->Edit(post_id, edit, caller.name, &p);
  return st.ok() ? Response::Json(200, FeedPostToJson(p, runtime_()->config.public_base_url)) : StatusError(st);
}

Response FeedApi::Media(const Request& req, const std::string& id, const Caller& caller) {
  const bool curator = caller.Has("curator");
  const bool cacheable = !curator && changes_;  // a curator may see hidden images
  const int64_t version = cacheable ? changes_->Value("feed") : 0;
  const std::string key = "media " + id;
  CachedBody cached;
  if (cacheable && cache_.Get(key, version, &cached)) return FromCache(req, cached, kMediaCaching);
  std::string bytes, type;
  Status st = feed_->Media(id, curator, &bytes, &type);
  if (!st.ok()) return StatusError(st);
  cached = {std::make_shared<const std::string>(std::move(bytes)), type, ""};
  cached.etag = EtagOf(*cached.body);
  if (cacheable) cache_.Put(key, version, cached);
  return FromCache(req, cached, curator ? "private, no-store" : kMediaCaching);
}

Response ServeStatic(const std::string& web_dir, const std::string& name) {
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
  std::ifstream f(web_dir + "/" + name, std::ios::binary);
  if (!f) return Response::Error(404, "not_found", "no such page");
  std::stringstream ss;
  ss << f.rdbuf();
  return Response{200, type->second, ss.str(), {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}}};
}

}  // namespace postern
