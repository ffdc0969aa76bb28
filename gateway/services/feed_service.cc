#include "gateway/services/feed_service.h"

namespace postern {

Status FeedService::List(const Page& page, bool curator_view, std::vector<FeedEntry>* out,
                         std::string* next_cursor) {
  std::vector<FeedPost> posts;
  Status st = store_->ListFeed(page, curator_view, &posts, next_cursor);
  if (!st.ok()) return st;
  for (auto& p : posts) {
    FeedEntry e{std::move(p), {}};
    if (curator_view) {
      st = store_->ListShareDeliveries(e.post.share_id, &e.deliveries);
      if (!st.ok()) return st;
    }
    out->push_back(std::move(e));
  }
  return Status::OK();
}

Status FeedService::GetVisible(const std::string& post_id, FeedPost* out) {
  Status st = store_->GetFeedPost(post_id, out);
  if (st.ok() && out->hidden) return Status::NotFound("no such post on the feed");
  return st;
}

Status FeedService::Curate(const std::string& post_id, FeedAction action, const std::string& actor,
                           FeedPost* out) {
  Status st = store_->UpdateFeedPost(post_id, action, actor);
  return st.ok() ? store_->GetFeedPost(post_id, out) : st;
}

Status FeedService::Edit(const std::string& post_id, const FeedEdit& edit, const std::string& actor,
                         FeedPost* out) {
  Status st = store_->GetFeedPost(post_id, out);  // refuse an unknown post before any write
  if (st.ok() && edit.caption) st = store_->SetFeedCaption(post_id, *edit.caption, actor);
  if (st.ok() && edit.position) st = store_->SetFeedPosition(post_id, *edit.position, actor);
  return st.ok() ? store_->GetFeedPost(post_id, out) : st;
}

Status FeedService::Media(const std::string& id, bool curator, std::string* bytes, std::string* content_type) {
  std::string sha;
  FeedPost post;
  Status st = store_->GetFeedPost(id, &post);
  if (st.ok()) {
    if (!post.hidden || curator) sha = post.image_sha256;
  } else if (st.IsNotFound()) {
    ShareRecord s;
    st = store_->GetShare(id, &s);
    if (st.ok() && s.decision == Decision::kApproved) {
      // Hidden on the feed means hidden everywhere we serve it.
      FeedPost on_feed;
      Status fs = store_->GetFeedPostByShare(s.id, &on_feed);
      if (!fs.ok() && !fs.IsNotFound()) return fs;
      if (!(fs.ok() && on_feed.hidden)) sha = s.image_sha256;
    } else if (!st.ok() && !st.IsNotFound()) {
      return st;
    }
  } else {
    return st;
  }
  if (sha.empty()) return Status::NotFound("no such public image");
  return store_->GetImage(sha, bytes, content_type);
}

}  // namespace postern
