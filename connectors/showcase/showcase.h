// The showcase connector: the feed Postern hosts itself. Delivering adds the approved
// share to feed_posts, which is unique per share, so a retry never shows a post twice.
#pragma once

#include <memory>
#include <string>

#include "gateway/connector.h"
#include "gateway/schema.h"

namespace postern::showcase {

// The showcase takes no config; the type keeps its shape the same as every connector's.
struct ShowcaseConfig {};

ConfigSchema ShowcaseSchema();
ShowcaseConfig ParseShowcaseConfig(const json& validated);

class ShowcaseConnector : public Connector {
 public:
  // `public_base_url` prefixes the post URL a delivery reports ("<base>/v1/feed/<id>").
  ShowcaseConnector(ShowcaseConfig config, FeedStore* store, std::string public_base_url);

  DeliveryResult Deliver(const DeliveryRequest& req) override;
  // Local and fast: the share request delivers here before answering.
  bool DeliversInline() const override { return true; }
  // The store already took a confirmed post off the feed; nothing remote to undo.
  Status Remove(const std::string& share_id, const std::string& remote_id) override;

 private:
  FeedStore* store_;
  std::string public_base_url_;
};

}  // namespace postern::showcase
