// Instagram through the whole gateway: the fake Graph API fetches the image from the
// gateway's public media URL, as Instagram does, and the share shows the permalink.
#include <gtest/gtest.h>

#include "gateway/base/util.h"
#include "tests/support/deliveries.h"
#include "tests/support/node_process.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

TEST(InstagramGatewayTest, ApprovedShareIsPublishedWithItsPermalink) {
  std::string missing = NodeMissing("standardwebhooks");
  ASSERT_EQ(missing, "") << missing;
  const std::string token = NewId("EAAG");
  setenv("POSTERN_TEST_IG_TOKEN", token.c_str(), 1);  // inherited by the gateway process
  NodeProcess graph(SourceDir() + "/tests/connectors/instagram/fake_graph.js",
                    {"--token", token, "--user", "17841400000000002"});
  Http("POST", graph.url("/_control"), json({{"fetch_image", true}, {"polls_before_finished", 2}}).dump());
  TestServer s(TestServer::DefaultPlugins(),
               "connectors:\n"
               "  - name: showcase\n"
               "  - name: instagram\n"
               "    config:\n"
               "      graph_base_url: \"" + graph.url("/v21.0") + "\"\n"
               "      ig_user_id: \"17841400000000002\"\n"
               "      access_token_env: POSTERN_TEST_IG_TOKEN\n"
               "      poll_initial_ms: 50\n"
               "      poll_budget_ms: 2000\n"
               "shares:\n"
               "  default_destinations: [showcase, instagram]\n"
               "delivery:\n"
               "  base_backoff_s: 1\n"
               "  max_backoff_s: 2\n");
  s.Start();
  HttpResult r = s.Share("ines", "a tram in the rain, gouache", MakeImage(320, 320, ".jpg", 4));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string share_id = r.Json()["share_id"];
  json d = WaitForDelivery(s, share_id, "instagram", "delivered", 20);
  ASSERT_EQ(d["status"], "delivered") << d.dump();
  json st = json::parse(Http("GET", graph.url("/_state")).body);
  ASSERT_EQ(st["media"].size(), 1u) << st.dump();
  const std::string media_id = st["media"].begin().key();
  EXPECT_EQ(d["remote_id"], media_id);
  EXPECT_EQ(d["url"], st["media"][media_id]["permalink"]);
  ASSERT_FALSE(st["containers"].empty()) << st.dump();
  const json& container = st["containers"].begin().value();
  EXPECT_EQ(container["image_url"], s.url("/v1/media/" + share_id));
  // The token never reaches the gateway's log.
  EXPECT_EQ(ReadFile(s.log_path()).find(token), std::string::npos);
}

}  // namespace
}  // namespace postern::testing
