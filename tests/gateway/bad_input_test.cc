// Every kind of bad input answers a 4xx with a stable code, stores nothing, and the
// server keeps serving.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <sqlite3.h>

#include <opencv2/imgcodecs.hpp>

#include "gateway/base/util.h"
#include "tests/support/ports.h"
#include "tests/support/test_server.h"

namespace postern::testing {

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    server_->Start();
  }
  static void TearDownTestSuite() { delete server_; }

  static int64_t Rows(const std::string& table) { return CountRows(server_->db_path(), table); }

  // Sends `body`, expects `status` + `code`, and that nothing was written.
  static void ExpectRefused(const std::string& body, long status, const std::string& code,
                            const std::string& key = kProductKey) {
    const int64_t shares = Rows("shares"), images = Rows("images");
    HttpResult r = server_->PostRaw("/v1/shares", body, key);
    EXPECT_EQ(r.status, status) << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(Rows("shares"), shares);
    EXPECT_EQ(Rows("images"), images);
    EXPECT_EQ(server_->Get("/healthz").status, 200);
  }

  static std::string Body(const std::string& image_b64, const std::string& prompt = "a tree") {
    return json({{"user_id", "u1"}, {"prompt", prompt}, {"image", image_b64}}).dump();
  }
  static TestServer* server_;
};
TestServer* BadInputTest::server_ = nullptr;

TEST_F(BadInputTest, MalformedJson) {
  ExpectRefused("{\"user_id\": \"u1\", ", 400, "invalid_json");
  ExpectRefused("[1,2,3]", 400, "invalid_json");
  ExpectRefused("", 400, "invalid_json");
  // Deep nesting is refused before parsing (recursive copies would exhaust the stack).
  std::string deep = "{\"user_id\":\"u\",\"prompt\":\"x\",\"image\":\"aGk=\",\"metadata\":";
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
  deep += "1" + std::string(100000, '}') + "}";
  ExpectRefused(deep, 400, "invalid_json");
  ExpectRefused(std::string(1000000, '[') + std::string(1000000, ']'), 400, "invalid_json");
}

TEST_F(BadInputTest, MissingWrongAndOverlongFields) {
  std::string img = Base64(MakeImage(16, 16));
  ExpectRefused(json({{"prompt", "x"}, {"image", img}}).dump(), 400, "missing_field");
  ExpectRefused(json({{"user_id", "u"}, {"prompt", "x"}}).dump(), 400, "missing_field");
  ExpectRefused(json({{"user_id", 5}, {"prompt", "x"}, {"image", img}}).dump(), 400, "invalid_field");
  ExpectRefused(json({{"user_id", "u"}, {"prompt", std::string(9000, 'a')}, {"image", img}}).dump(), 400, "field_too_long");
  ExpectRefused(json({{"user_id", std::string(200, 'u')}, {"prompt", "x"}, {"image", img}}).dump(), 400, "field_too_long");
  ExpectRefused(json({{"user_id", "u"}, {"prompt", "x"}, {"image", img}, {"colour", "red"}}).dump(), 400, "unknown_field");
  ExpectRefused(json({{"user_id", "u"}, {"prompt", "x"}, {"image", img}, {"metadata", "m"}}).dump(), 400, "invalid_field");
}

TEST_F(BadInputTest, InvalidUtf8) {
  std::string body = "{\"user_id\":\"u\",\"prompt\":\"\xff\xfe\",\"image\":\"" + Base64(MakeImage(8, 8)) + "\"}";
  HttpResult r = server_->PostRaw("/v1/shares", body, kProductKey);
  EXPECT_EQ(r.status, 400);  // the JSON parser itself refuses invalid UTF-8
  EXPECT_EQ(server_->Get("/healthz").status, 200);
}

TEST_F(BadInputTest, InvalidBase64) {
  ExpectRefused(Body("not base64 at all!"), 400, "invalid_base64");
  ExpectRefused(Body("data:image/png;base64," + Base64(MakeImage(8, 8))), 400, "invalid_base64");
}

TEST_F(BadInputTest, NonImageBytes) {
  ExpectRefused(Body(Base64("GIF89a this is not accepted")), 415, "unsupported_format");
  ExpectRefused(Body(Base64("%PDF-1.7 hello")), 415, "unsupported_format");
}

TEST_F(BadInputTest, TruncatedPngAndJpeg) {
  std::string png = MakeImage(200, 200, ".png");
  std::string jpg = MakeImage(200, 200, ".jpg");
  ExpectRefused(Body(Base64(png.substr(0, png.size() / 2))), 422, "image_undecodable");
  ExpectRefused(Body(Base64(jpg.substr(0, jpg.size() / 2))), 422, "image_undecodable");
  ExpectRefused(Body(Base64(png.substr(0, 20))), 422, "image_undecodable");
}

TEST_F(BadInputTest, DecompressionBombHeaderIsRefusedBeforeDecoding) {
  // A real PNG whose IHDR claims 50000x50000: refused from the header alone.
  std::string png = MakeImage(4, 4, ".png");
  auto put32 = [&](size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) png[off + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  };
  put32(16, 50000);
  put32(20, 50000);
  ExpectRefused(Body(Base64(png)), 413, "image_too_large");
}

TEST_F(BadInputTest, BodyOverTheLimit) {
  std::string big(9 * 1024 * 1024, 'A');  // max_body_bytes is 8 MiB in tests
  const int64_t shares = Rows("shares");
  HttpResult r = server_->PostRaw("/v1/shares", Body(big), kProductKey);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json()["error"]["code"], "body_too_large");
  EXPECT_EQ(Rows("shares"), shares);
  EXPECT_EQ(server_->Get("/healthz").status, 200);
}

TEST_F(BadInputTest, UnknownDestination) {
  json b = {{"user_id", "u"}, {"prompt", "x"}, {"image", Base64(MakeImage(8, 8))}, {"destinations", {"myspace"}}};
  ExpectRefused(b.dump(), 422, "unknown_destination");
}

TEST_F(BadInputTest, WrongOrMissingKey) {
  ExpectRefused(Body(Base64(MakeImage(8, 8))), 401, "unauthorized", "");
  ExpectRefused(Body(Base64(MakeImage(8, 8))), 401, "unauthorized", "nope");
  ExpectRefused(Body(Base64(MakeImage(8, 8))), 403, "forbidden", kReviewerKey);
}

TEST_F(BadInputTest, OddButValidImagesGetADecision) {
  // Grey, 16-bit, alpha and 1x1 images decode to 8-bit BGR and are judged.
  std::vector<std::pair<std::string, cv::Mat>> cases = {
      {"grey", cv::Mat(20, 30, CV_8UC1, cv::Scalar(90))},
      {"16bit", cv::Mat(20, 30, CV_16UC3, cv::Scalar(60000, 1000, 30000))},
      {"alpha", cv::Mat(20, 30, CV_8UC4, cv::Scalar(10, 200, 30, 0))},
      {"1x1", cv::Mat(1, 1, CV_8UC3, cv::Scalar(1, 2, 3))}};
  for (auto& [name, m] : cases) {
    std::vector<uchar> buf;
    ASSERT_TRUE(cv::imencode(".png", m, buf));
    HttpResult r = server_->PostRaw("/v1/shares", Body(Base64(std::string(buf.begin(), buf.end()))), kProductKey);
    EXPECT_EQ(r.status, 200) << name << ": " << r.body;
    EXPECT_EQ(r.Json()["decision"], "approved") << name;
  }
}

TEST_F(BadInputTest, UnknownEndpointsAndMethods) {
  EXPECT_EQ(server_->Get("/v2/nothing").status, 404);
  EXPECT_EQ(server_->Get("/v1/shares/shr_doesnotexist", kProductKey).status, 404);
  EXPECT_EQ(Http("DELETE", server_->url("/v1/shares"), "", kProductKey).status, 405);
  EXPECT_EQ(server_->Get("/v1/feed?limit=abc").status, 400);
  EXPECT_EQ(server_->Get("/v1/feed?cursor=zzz").status, 400);
}

TEST_F(BadInputTest, PercentEscapesThatAreNotUtf8AreRefusedAtTheEdge) {
  for (const std::string path : {"/%ff", "/v1/accounts/%ff/reinstate", "/v1/feed/%c3%28", "/v1/review?user_id=%ff"}) {
    for (const char* key : {"", kAdminKey}) {
      HttpResult r = Http(path.find("reinstate") != std::string::npos ? "POST" : "GET", server_->url(path), "", key);
      EXPECT_EQ(r.status, 400) << path << " " << r.body;
      EXPECT_EQ(r.Json()["error"]["code"], "invalid_utf8") << path;
    }
  }
  // Nothing reached storage: the audit log still answers.
  EXPECT_EQ(server_->Get("/v1/admin/audit", kAdminKey).status, 200);
}

TEST_F(BadInputTest, StoredBytesThatAreNotUtf8NeverBreakAnAnswer) {
  // A row written before UTF-8 was enforced (or by hand): the answer replaces the bytes.
  if (TestStorageIsPostgres()) GTEST_SKIP() << "a UTF8 PostgreSQL database refuses such bytes on every write";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server_->db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO audit_log(actor, action, target, detail, created_at) "
                             "VALUES(X'ff61', 'x', X'c328', '{}', 0)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  HttpResult r = server_->Get("/v1/admin/audit", kAdminKey);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.Json().is_object());
}

TEST(DevelopmentKeysTest, ServeRefusesThemOnAPublicAddressUnlessTold) {
  TestServer s;
  const std::string config = s.dir() + "/public.yaml";
  WriteFile(config, "server:\n  listen: \"0.0.0.0:" + std::to_string(FreeLoopbackPort()) + "\"\n"
                    "storage:\n  sqlite: " + s.dir() + "/var/public.db\n"
                    "auth:\n  keys:\n    - {name: dev-admin, role: admin, sha256: " +
                    Sha256Hex("dev-admin-key") + "}\n"
                    "plugins:\n  - name: image_guard\nconnectors:\n  - name: showcase\n");
  const std::string cmd = std::string(std::getenv("POSTERN_BIN")) + " serve --config " + config + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int rc = pclose(p);
  ASSERT_TRUE(WIFEXITED(rc)) << out;
  EXPECT_EQ(WEXITSTATUS(rc), 1) << out;
  EXPECT_NE(out.find("refusing to serve 0.0.0.0 with the README's development keys"), std::string::npos) << out;
}

}  // namespace postern::testing
