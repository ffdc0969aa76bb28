#include "connectors/showcase/showcase.h"

#include "gateway/store/store.h"

namespace postern::showcase {

ShowcaseConnector::ShowcaseConnector(ShowcaseConfig, FeedStore* store, std::string public_base_url)
    : store_(store), public_base_url_(std::move(public_base_url)) {}

DeliveryResult ShowcaseConnector::Deliver(const DeliveryRequest& req) {
  FeedPost post;
  Status st = store_->UpsertFeedPost(req.share_id, &post);
  if (st.code() == StatusCode::kNotApproved) return DeliveryResult::Permanent(st.message());
  if (!st.ok()) return DeliveryResult::Retry(st.message());
  return DeliveryResult::Delivered(post.id, public_base_url_ + "/v1/feed/" + post.id);
}

Status ShowcaseConnector::Remove(const std::string&, const std::string&) { return Status::OK(); }

}  // namespace postern::showcase
