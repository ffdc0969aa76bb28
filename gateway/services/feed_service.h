// FeedService: the showcase feed's rules: what the public and curators see, curation,
// and which images are public (a visible post, or an approved share not hidden).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/store/store.h"

namespace postern {

// A curator's edit of a post; absent fields stay as they are.
struct FeedEdit {
  std::optional<std::string> caption;
  std::optional<int64_t> position;
};

struct FeedEntry {
  FeedPost post;
  std::vector<DeliveryRecord> deliveries;  // curator view only: where the post went
};

class FeedService {
 public:
  explicit FeedService(Store* store) : store_(store) {}

  // Featured first, then newest; hidden posts and deliveries only for curators.
  // kInvalidCursor, kUnavailable.
  Status List(const Page& page, bool curator_view, std::vector<FeedEntry>* out, std::string* next_cursor);
  // A visible post. kNotFound (absent or hidden), kUnavailable.
  Status GetVisible(const std::string& post_id, FeedPost* out);
  // Applies `action`, audited. kNotFound, kUnavailable.
  Status Curate(const std::string& post_id, FeedAction action, const std::string& actor, FeedPost* out);
  // Applies the edit, audited. kNotFound, kUnavailable.
  Status Edit(const std::string& post_id, const FeedEdit& edit, const std::string& actor, FeedPost* out);
  // The image behind a public id: a post while it is visible (any post for a curator),
  // or an approved share not hidden on the feed (connectors hand that URL out).
  // kNotFound, kUnavailable.
  Status Media(const std::string& id, bool curator, std::string* bytes, std::string* content_type);

 private:
  Store* store_;
};

}  // namespace postern
