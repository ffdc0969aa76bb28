#include "gateway/api/feed_cache.h"

#include "gateway/base/util.h"

namespace postern {

bool FeedCache::Get(const std::string& key, int64_t version, CachedBody* out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (version != version_) return false;
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  *out = it->second;
  return true;
}

void FeedCache::Put(const std::string& key, int64_t version, CachedBody entry) {
  std::lock_guard<std::mutex> lock(mu_);
  if (version != version_) ResetTo(version);
  const size_t size = entry.body ? entry.body->size() : 0;
  // Nothing evicts one by one: past a bound the cache simply starts over (a change to
  // the feed does the same), which keeps it small and simple.
  if (entries_.size() >= kMaxPages || bytes_ + size > max_bytes_) ResetTo(version);
  if (size > max_bytes_) return;
  auto [it, inserted] = entries_.emplace(key, std::move(entry));
  if (inserted) bytes_ += size;
}

void FeedCache::ResetTo(int64_t version) {
  entries_.clear();
  bytes_ = 0;
  version_ = version;
}

std::string EtagOf(const std::string& body) { return "\"" + Sha256Hex(body).substr(0, 32) + "\""; }

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  size_t i = 0;
  while (i < if_none_match.size()) {
    size_t end = if_none_match.find(',', i);
    if (end == std::string::npos) end = if_none_match.size();
    std::string tag = if_none_match.substr(i, end - i);
    const auto first = tag.find_first_not_of(" \t"), last = tag.find_last_not_of(" \t");
    tag = first == std::string::npos ? "" : tag.substr(first, last - first + 1);
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == "*" || tag == etag) return true;
    i = end + 1;
  }
  return false;
}

}  // namespace postern
