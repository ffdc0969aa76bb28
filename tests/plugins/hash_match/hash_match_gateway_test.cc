// The PDQ loop over HTTP: a rejected share is confirmed, and a resized, recompressed or
// slightly cropped re-upload is rejected by hash_match without a restart.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/support/test_server.h"

namespace postern::testing {

namespace {

std::string Encode(const cv::Mat& m, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  cv::imencode(ext, m, buf, params);
  return std::string(buf.begin(), buf.end());
}

const char* kPlugins = R"(
  - name: image_guard
  - name: account_standing
  - name: hash_match
  - name: text_policy
    config:
      lists: ["{src}/config/textpolicy"]
      extra_terms: [{term: zorbleflux, category: illegal, action: reject}]
)";

}  // namespace

TEST(HashMatchGatewayTest, ConfirmedImageCannotComeBack) {
  TestServer s(kPlugins);
  s.Start();
  cv::Mat photo = cv::imread(SharedDir() + "/pdq-vectors/images/bridge-mods/aaa-orig.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty());
  const std::string original = Encode(photo, ".jpg");
  HttpResult first = s.Share("uploader", "zorbleflux for sale", original);
  ASSERT_EQ(first.Json()["decision"], "rejected") << first.body;
  const std::string id = first.Json()["share_id"];
  // The share's perceptual hash is in hash_match's evidence, for reviewers and banking.
  ASSERT_EQ(s.Get("/v1/review", kReviewerKey).Json()["items"].size(), 1u);
  json checks = s.Get("/v1/shares/" + id, kProductKey).Json()["checks"];
  std::string pdq;
  for (const auto& c : checks)
    if (c["plugin"] == "hash_match") pdq = c["evidence"]["pdq"];
  EXPECT_EQ(pdq.size(), 64u) << checks.dump();

  // Before the confirmation the same image with an innocent prompt passes.
  EXPECT_EQ(s.Share("other", "a bridge", original).Json()["decision"], "approved");
  HttpResult c = s.Post("/v1/review/" + id, {{"action", "confirm"}, {"reason_code", "illegal"}}, kReviewerKey);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.Json()["banked"], true);

  cv::Mat resized, cropped;
  cv::resize(photo, resized, cv::Size(photo.cols / 2, photo.rows / 2), 0, 0, cv::INTER_AREA);
  const int dx = photo.cols / 100, dy = photo.rows / 100;
  cropped = photo(cv::Rect(dx, dy, photo.cols - 2 * dx, photo.rows - 2 * dy)).clone();
  std::vector<std::pair<std::string, std::string>> copies = {
      {"resized", Encode(resized, ".png")},
      {"recompressed", Encode(photo, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 40})},
      {"cropped", Encode(cropped, ".jpg")}};
  for (const auto& [name, bytes] : copies) {
    json j = s.Share("reuploader", "a bridge at dusk", bytes).Json();
    EXPECT_EQ(j["decision"], "rejected") << name << ": " << j.dump();
    bool by_hash = false;
    for (const auto& r : j["reasons"]) by_hash |= r["plugin"] == "hash_match";
    EXPECT_TRUE(by_hash) << name;
  }
  // An unrelated photo still passes.
  cv::Mat other = cv::imread(SharedDir() + "/pdq-vectors/images/reg-test-input/labelme-subset/q2821.jpg", cv::IMREAD_COLOR);
  EXPECT_EQ(s.Share("reuploader", "a street", Encode(other, ".png")).Json()["decision"], "approved");
  // Near-duplicate rejects are grouped for one decision.
  json pending = s.Get("/v1/review", kReviewerKey).Json()["items"];
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0]["near_duplicates"].size(), 2u) << pending.dump();
  HttpResult group = s.Post("/v1/review/" + pending[0]["share_id"].get<std::string>(),
                            {{"action", "confirm"}, {"reason_code", "illegal"}, {"apply_to_group", true}}, kReviewerKey);
  ASSERT_EQ(group.status, 200) << group.body;
  EXPECT_EQ(group.Json()["decided"], 3);
  EXPECT_TRUE(s.Get("/v1/review", kReviewerKey).Json()["items"].empty());
}

TEST(HashMatchGatewayTest, ImportedBankRejectsAndShadowOnlyRecords) {
  cv::Mat photo = cv::imread(SharedDir() + "/pdq-vectors/images/reg-test-input/labelme-subset/q2821.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty());
  // The tool's own hash of the image goes into a bank file of "another tool".
  TestServer s(R"(
  - name: image_guard
  - name: hash_match
    config:
      banks: [{name: partner, mode: enabled}, {name: trial, mode: shadow}]
)");
  s.Start();
  const std::string png = Encode(photo, ".png");
  json before = s.Share("u", "x", png).Json();
  ASSERT_EQ(before["decision"], "approved");
  std::string hash = before["checks"][1]["evidence"]["pdq"];
  HttpResult imp = s.PostRaw("/v1/admin/banks/trial/import", hash + ",100,trial list\n", kAdminKey);
  ASSERT_EQ(imp.status, 200) << imp.body;
  json shadowed = s.Share("u", "x", png).Json();
  EXPECT_EQ(shadowed["decision"], "approved");
  EXPECT_TRUE(shadowed["checks"][1]["evidence"].contains("shadow_matches")) << shadowed.dump();
  ASSERT_EQ(s.PostRaw("/v1/admin/banks/partner/import", hash + "\n", kAdminKey).status, 200);
  json rejected = s.Share("u", "x", png).Json();
  EXPECT_EQ(rejected["decision"], "rejected");
  EXPECT_EQ(rejected["reasons"][0]["code"], "hash_match");
}

TEST(HashMatchGatewayTest, BankFilesImportAndExportThroughThePluginsAdminRoutes) {
  TestServer s(R"(
  - name: image_guard
  - name: hash_match
)");
  s.Start();
  const std::string h1 = std::string(63, 'f') + "0", h2 = std::string(64, '1');
  std::string file = "# from another tool\n" + h1 + ",88,csam-adjacent\n" + h2 + "\n\n";
  HttpResult r = s.PostRaw("/v1/admin/banks/partner/import", file, kAdminKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["added"], 2);
  EXPECT_EQ(s.PostRaw("/v1/admin/banks/partner/import", file, kAdminKey).Json()["added"], 0);
  HttpResult bad = s.PostRaw("/v1/admin/banks/partner/import", "nothex\n", kAdminKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["code"], "invalid_bank_file");
  EXPECT_EQ(s.PostRaw("/v1/admin/banks/Bad%20Name/import", file, kAdminKey).status, 400);
  EXPECT_EQ(s.Get("/v1/admin/banks/partner/import", kAdminKey).status, 405);
  EXPECT_EQ(s.PostRaw("/v1/admin/banks/partner/import", file, kReviewerKey).status, 403);
  HttpResult out = s.Get("/v1/admin/banks/partner/export", kAdminKey);
  ASSERT_EQ(out.status, 200);
  EXPECT_NE(out.body.find(h1 + ",88,csam-adjacent\n"), std::string::npos) << out.body;
  EXPECT_NE(out.body.find(h2 + "\n"), std::string::npos) << out.body;  // quality unknown
  // The export loads back as it is.
  HttpResult copy = s.PostRaw("/v1/admin/banks/copy/import", out.body, kAdminKey);
  EXPECT_EQ(copy.Json()["added"], 2) << out.body << copy.body;
}

TEST(HashMatchGatewayTest, BankRoutesAreGoneWhenThePluginIsOff) {
  TestServer s(R"(
  - name: image_guard
)");
  s.Start();
  EXPECT_EQ(s.PostRaw("/v1/admin/banks/partner/import", std::string(64, '1'), kAdminKey).status, 404);
}

TEST(HashMatchGatewayTest, BankListNamesConfiguredAndStoredBanksWithTheirRows) {
  TestServer s(R"(
  - name: image_guard
  - name: hash_match
    config:
      banks: [{name: trial, mode: shadow}]
)");
  s.Start();
  json empty = s.Get("/v1/admin/banks", kAdminKey).Json();
  EXPECT_EQ(empty["banks"], json::parse(R"([
    {"name": "confirmed", "stored_hashes": 0, "mode": "enabled", "confirmed_bank": true},
    {"name": "trial", "stored_hashes": 0, "mode": "shadow", "confirmed_bank": false}])")) << empty.dump();
  const std::string h1 = std::string(63, 'f') + "0", h2 = std::string(64, '1');
  ASSERT_EQ(s.PostRaw("/v1/admin/banks/trial/import", h1 + "\n" + h2 + "\n", kAdminKey).status, 200);
  ASSERT_EQ(s.PostRaw("/v1/admin/banks/archive/import", h1 + "\n", kAdminKey).status, 200);
  json banks = s.Get("/v1/admin/banks", kAdminKey).Json()["banks"];
  ASSERT_EQ(banks.size(), 3u) << banks.dump();
  EXPECT_EQ(banks[0]["name"], "archive");
  EXPECT_EQ(banks[0]["stored_hashes"], 1);
  EXPECT_TRUE(banks[0]["mode"].is_null());  // stored but not in the config: not matched
  EXPECT_EQ(banks[2]["name"], "trial");
  EXPECT_EQ(banks[2]["stored_hashes"], 2);
  EXPECT_EQ(s.Get("/v1/admin/banks", kReviewerKey).status, 403);
}

}  // namespace postern::testing
