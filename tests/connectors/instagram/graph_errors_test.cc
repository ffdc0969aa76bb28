// Graph API error classification, case by case from Meta's error-code tables.
#include <gtest/gtest.h>

#include "connectors/instagram/graph_errors.h"

namespace postern::instagram {
namespace {

ErrorAction Of(int code, int subcode, long http = 400, bool transient = false) {
  GraphError e;
  e.http_status = http;
  e.code = code;
  e.subcode = subcode;
  e.is_transient = transient;
  return Classify(e);
}

TEST(GraphErrors, TokensAndPermissionsArePermanent) {
  EXPECT_EQ(Of(190, 0), ErrorAction::kPermanent);
  EXPECT_EQ(Of(190, 463), ErrorAction::kPermanent);
  EXPECT_EQ(Of(10, 0, 403), ErrorAction::kPermanent);
  EXPECT_EQ(Of(200, 0, 403), ErrorAction::kPermanent);
  EXPECT_EQ(Of(100, 33), ErrorAction::kPermanent);
}

TEST(GraphErrors, RateLimitsAndTransientErrorsAreRetried) {
  for (int code : {4, 17, 32, 613, 80002}) EXPECT_EQ(Of(code, 0), ErrorAction::kRateLimited) << code;
  EXPECT_EQ(Of(1, 0, 500), ErrorAction::kRetry);
  EXPECT_EQ(Of(2, 0, 503), ErrorAction::kRetry);
  EXPECT_EQ(Of(12345, 0, 400, true), ErrorAction::kRetry);
  EXPECT_EQ(Of(12345, 0, 500), ErrorAction::kRetry);
  EXPECT_EQ(Of(12345, 0, 400), ErrorAction::kPermanent);
}

TEST(GraphErrors, MediaSubcodesDecideOverTheirCode) {
  EXPECT_EQ(Of(9004, 2207052), ErrorAction::kRetry);          // fetch failed: our URL may be back
  EXPECT_EQ(Of(9007, 2207027), ErrorAction::kRetry);          // not ready yet
  EXPECT_EQ(Of(9, 2207042), ErrorAction::kQuota);             // daily posts limit
  EXPECT_EQ(Of(-2, 2207020), ErrorAction::kRetryNewContainer);  // expired
  EXPECT_EQ(Of(-1, 2207008), ErrorAction::kRetryNewContainer);
  EXPECT_EQ(Of(-1, 2207032), ErrorAction::kRetryNewContainer);
  EXPECT_EQ(Of(100, 2207004), ErrorAction::kPermanent);       // image too large
  EXPECT_EQ(Of(100, 2207005), ErrorAction::kPermanent);       // unsupported format
  EXPECT_EQ(Of(100, 2207009), ErrorAction::kPermanent);       // aspect ratio
  EXPECT_EQ(Of(100, 2207010), ErrorAction::kPermanent);       // caption too long
}

TEST(GraphErrors, ParsesTheErrorObjectAndUsageHeader) {
  GraphError e;
  ASSERT_TRUE(ParseGraphError(400, R"({"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"x"}})", &e));
  EXPECT_EQ(e.code, 190);
  EXPECT_EQ(e.subcode, 460);
  EXPECT_EQ(Describe(e), "Graph API error 190/460 (OAuthException): Invalid OAuth access token.");
  EXPECT_FALSE(ParseGraphError(502, "<html>bad gateway</html>", &e));
  EXPECT_EQ(RegainAccessSeconds(R"({"1784":[{"type":"instagram","call_count":100,"estimated_time_to_regain_access":7}]})"), 420);
  EXPECT_EQ(RegainAccessSeconds(R"({"call_count":5,"total_time":3})"), -1);
  EXPECT_EQ(RegainAccessSeconds("not json"), -1);
}

TEST(GraphErrors, LongMessagesAreCutOnACharacterBoundary) {
  GraphError e;
  e.code = 100;
  e.message = std::string(299, 'a') + "\xC3\xA9" + std::string(50, 'b');  // é straddles byte 300
  const std::string described = Describe(e);
  EXPECT_EQ(described, "Graph API error 100: " + std::string(299, 'a'));
  EXPECT_NO_THROW(json(described).dump());  // reasons are stored and served as JSON
}

}  // namespace
}  // namespace postern::instagram

namespace postern::instagram {
namespace {

// Found by tests/fuzz/fuzz_graph_errors: a remote error body with fields of other types
// made the parser throw instead of reading what it could.
TEST(GraphErrors, FieldsOfTheWrongTypeAreIgnoredNotThrown) {
  GraphError e;
  ASSERT_TRUE(ParseGraphError(400, R"({"error":{"code":"190","error_subcode":[1],"is_transient":"yes",
                                      "message":{"a":1},"error_user_msg":7,"type":null}})", &e));
  EXPECT_EQ(e.code, 0);
  EXPECT_EQ(e.subcode, 0);
  EXPECT_FALSE(e.is_transient);
  EXPECT_EQ(e.message, "");
  ASSERT_TRUE(ParseGraphError(400, R"({"error":{"code":4,"message":"limit","is_transient":true}})", &e));
  EXPECT_EQ(e.code, 4);
  EXPECT_TRUE(e.is_transient);
  EXPECT_EQ(e.message, "limit");
}

}  // namespace
}  // namespace postern::instagram
