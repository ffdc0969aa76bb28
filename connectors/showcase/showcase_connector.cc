// ShowcaseConnector: the feed Postern hosts itself. Delivering adds the approved share
// to feed_posts, which is idempotent per share, so retries never show a post twice.
#include "gateway/connector.h"
#include "gateway/store/store.h"

namespace postern {
namespace {

class ShowcaseConnector : public Connector {
 public:
  ShowcaseConnector(Store* store, std::string base) : store_(store), base_(std::move(base)) {}

  DeliveryResult Deliver(const DeliveryRequest& req) override {
    FeedPost post;
    Status st = store_->UpsertFeedPost(req.share_id, &post);
    if (st.code() == StatusCode::kNotApproved) return DeliveryResult::Permanent(st.message());
    if (!st.ok()) return DeliveryResult::Retry(st.message());
    return DeliveryResult::Delivered(post.id, base_ + "/v1/feed/" + post.id);
  }

  bool DeliversInline() const override { return true; }

  // The store already took a confirmed post off the feed; nothing remote to undo.
  Status Remove(const std::string&, const std::string&) override { return Status::OK(); }

 private:
  Store* store_;
  std::string base_;
};

class ShowcaseConnectorFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "showcase"; }
  ConfigSchema schema() const override { return {}; }
  std::unique_ptr<Connector> Create(const json&, const ConnectorDeps& deps, Status*) const override {
    return std::make_unique<ShowcaseConnector>(deps.store, deps.public_base_url);
  }
};

POSTERN_REGISTER_CONNECTOR(ShowcaseConnectorFactory);

}  // namespace
}  // namespace postern
