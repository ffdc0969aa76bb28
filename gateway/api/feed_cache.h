// FeedCache: the public feed's pages (serialized, with their ETag) and public media,
// kept while the "feed" change counter (ChangeWatcher) stands still, so the most-read
// endpoints answer from memory and every instance drops them within a poll of any
// change (a curator's feature/hide/caption/order, a new post, a share's decision).
// Bounded: at most kMaxPages entries and max_bytes of bodies.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace postern {

struct CachedBody {
  std::shared_ptr<const std::string> body;
  std::string content_type;
  std::string etag;  // quoted, strong
};

class FeedCache {
 public:
  explicit FeedCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  // The entry under `key` if it was stored at `version`.
  bool Get(const std::string& key, int64_t version, CachedBody* out);
  // Stores `entry` as of `version`; everything stored at another version goes.
  void Put(const std::string& key, int64_t version, CachedBody entry);

  static constexpr size_t kMaxPages = 512;

 private:
  void ResetTo(int64_t version);  // under mu_

  const size_t max_bytes_;
  std::mutex mu_;
  int64_t version_ = -1;
  std::map<std::string, CachedBody> entries_;
  size_t bytes_ = 0;
};

// A strong ETag for `body`: a quoted prefix of its SHA-256.
std::string EtagOf(const std::string& body);
// Whether an If-None-Match header value names `etag` (weak comparison, "*" matches).
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace postern
