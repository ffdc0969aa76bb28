// The hash_match check end to end through its registered factory: edited copies of a
// banked image are rejected, unrelated and flat images pass, shadow banks only
// record, confirmed hashes apply to the next share; and the `postern pdq` tool.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gateway/check.h"
#include "plugins/hash_match/hash_bank.h"
#include "plugins/hash_match/hash_match.h"
#include "tests/support/extension_builder.h"
#include "tests/support/paths.h"
#include "tests/support/test_server.h"

namespace postern::hash_match {
namespace {

using testing::PdqVectorsDir;
using testing::ReadFile;

std::string Image(const std::string& rel) { return PdqVectorsDir() + "/images/" + rel; }

// An ImageAnalysis as image_guard leaves it: bytes plus displayed BGR pixels.
std::unique_ptr<ImageAnalysis> Analysis(const std::string& bytes) {
  auto a = std::make_unique<ImageAnalysis>(bytes, "sha");
  cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  a->set_bgr(cv::imdecode(raw, cv::IMREAD_COLOR));
  return a;
}

std::string Encode(const cv::Mat& m, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  cv::imencode(ext, m, buf, params);
  return std::string(buf.begin(), buf.end());
}

class HashMatchCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hash_match_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    bridge_ = cv::imread(Image("bridge-mods/aaa-orig.jpg"), cv::IMREAD_COLOR);
    ASSERT_FALSE(bridge_.empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Check> Make(json config) {
    CheckDeps deps;  // no store: banks are files and memory only
    deps.config_dir = dir_.string();
    Status s;
    auto check = testing::BuildCheck("hash_match", config, &s, deps);
    EXPECT_TRUE(check) << s.ToString();
    return check;
  }

  // A bank file holding the PDQ of the original bridge photo, named uniquely.
  std::string BankWithBridge(const std::string& name) {
    std::ofstream(dir_ / (name + ".txt")) << "# test bank\n"
                                           << PdqHash(bridge_).hash.ToHex() << ",100,bridge\n";
    return name + ".txt";
  }

  CheckResult Run(Check& check, const std::string& bytes) {
    auto a = Analysis(bytes);
    return check.Run(ShareInput{}, *a);
  }

  std::filesystem::path dir_;
  cv::Mat bridge_;
};

TEST_F(HashMatchCheckTest, EditedCopiesOfABankedImageAreRejected) {
  auto check = Make({{"banks", {{{"name", "edits"}, {"file", BankWithBridge("edits")}}}},
                     {"confirmed_bank", "edits-confirmed"}});
  ASSERT_TRUE(check);
  cv::Mat half, cropped, tinted;
  cv::resize(bridge_, half, cv::Size(), 0.45, 0.45, cv::INTER_AREA);
  // PDQ is crop-sensitive (about 20 bits per 1% cut from every side, see README),
  // so "slightly cropped" means 1% per side here.
  const int dx = bridge_.cols / 100, dy = bridge_.rows / 100;
  cropped = bridge_(cv::Rect(dx, dy, bridge_.cols - 2 * dx, bridge_.rows - 2 * dy)).clone();
  bridge_.convertTo(tinted, -1, 1.1, 12);
  const std::vector<std::pair<std::string, std::string>> copies = {
      {"resized 45% png", Encode(half, ".png")},
      {"jpeg quality 30", Encode(bridge_, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 30})},
      {"cropped 1% per side", Encode(cropped, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 85})},
      {"brighter webp", Encode(tinted, ".webp", {cv::IMWRITE_WEBP_QUALITY, 70})},
      {"bridge-mods shrink-a-lot", ReadFile(Image("bridge-mods/shrink-a-lot.jpg"))},
      {"bridge-mods sharpen-a-lot", ReadFile(Image("bridge-mods/sharpen-a-lot.jpg"))},
  };
  for (const auto& [what, bytes] : copies) {
    SCOPED_TRACE(what);
    CheckResult r = Run(*check, bytes);
    EXPECT_EQ(r.verdict, Verdict::kReject);
    EXPECT_EQ(r.code, "hash_match");
    ASSERT_TRUE(r.evidence.contains("distance")) << r.evidence.dump();
    EXPECT_LE(r.evidence["distance"].get<int>(), 31);
    EXPECT_EQ(r.evidence["bank"], "edits");
    EXPECT_EQ(r.evidence["matched_hash"], PdqHash(bridge_).hash.ToHex());
    EXPECT_GE(r.evidence["quality"].get<int>(), 50);
    EXPECT_EQ(r.evidence["meta"], "bridge");
    std::cout << "[hash_match] " << what << ": distance " << r.evidence["distance"] << "\n";
  }
}

TEST_F(HashMatchCheckTest, UnrelatedAndFlatImagesPass) {
  auto check = Make({{"banks", {{{"name", "unrelated"}, {"file", BankWithBridge("unrelated")}}}},
                     {"confirmed_bank", "unrelated-confirmed"}});
  ASSERT_TRUE(check);
  for (const char* rel : {"reg-test-input/labelme-subset/q0122.jpg", "misc-images/c.png",
                          "reg-test-input/dih/bridge-3-rotate-180.jpg"}) {
    CheckResult r = Run(*check, ReadFile(Image(rel)));
    EXPECT_EQ(r.verdict, Verdict::kAllow) << rel << " " << r.evidence.dump();
    EXPECT_EQ(r.evidence["pdq"].get<std::string>().size(), 64u);
  }
  // Quality 3 (plain sky): never matched, even against its own hash.
  const std::string sky = ReadFile(Image("reg-test-input/labelme-subset/q0003.jpg"));
  HashBankRegistry::Global().GetOrCreate("unrelated", BankMode::kEnabled)->Add(
      {PdqHash(Analysis(sky)->bgr()).hash, -1, "sky"});
  CheckResult r = Run(*check, sky);
  EXPECT_EQ(r.verdict, Verdict::kAllow);
  EXPECT_EQ(r.evidence["skipped"], "low_quality");
}

TEST_F(HashMatchCheckTest, ShadowBanksRecordWithoutRejecting) {
  auto check = Make({{"banks", {{{"name", "shadowed"}, {"file", BankWithBridge("shadowed")}, {"mode", "shadow"}}}},
                     {"confirmed_bank", "shadowed-confirmed"}});
  ASSERT_TRUE(check);
  CheckResult r = Run(*check, ReadFile(Image("bridge-mods/blur-a-lot.jpg")));
  EXPECT_EQ(r.verdict, Verdict::kAllow);
  ASSERT_TRUE(r.evidence.contains("shadow_matches")) << r.evidence.dump();
  EXPECT_EQ(r.evidence["shadow_matches"][0]["bank"], "shadowed");
}

TEST_F(HashMatchCheckTest, ConfirmedViolationsMatchTheNextShare) {
  auto check = Make({{"confirmed_bank", "confirm-test"}, {"action", "hold"}});
  ASSERT_TRUE(check);
  const std::string bytes = ReadFile(Image("reg-test-input/labelme-subset/q2821.jpg"));
  CheckResult first = Run(*check, bytes);
  EXPECT_EQ(first.verdict, Verdict::kAllow);
  // What the review service does after a reviewer confirms the share.
  bool recorded = false;
  ASSERT_TRUE(check->OnConfirmedViolation({"s-1", "u", "illegal", "rita", first.evidence}, &recorded).ok());
  EXPECT_TRUE(recorded);
  // A share this check never hashed leaves nothing to keep.
  ASSERT_TRUE(check->OnConfirmedViolation({"s-2", "u", "illegal", "rita", json::object()}, &recorded).ok());
  EXPECT_FALSE(recorded);
  cv::Mat smaller;
  cv::resize(Analysis(bytes)->bgr(), smaller, cv::Size(200, 200), 0, 0, cv::INTER_AREA);
  CheckResult again = Run(*check, Encode(smaller, ".png"));
  EXPECT_EQ(again.verdict, Verdict::kHold);
  EXPECT_EQ(again.evidence["bank"], "confirm-test");
  EXPECT_EQ(again.evidence["meta"], "share s-1");
}

TEST_F(HashMatchCheckTest, NearDuplicatesAreHashesWithinTheGroupDistance) {
  auto check = Make({{"group_distance", 8}});
  ASSERT_TRUE(check);
  const json a = {{"pdq", std::string(64, 'f')}, {"quality", 90}};
  const json close = {{"pdq", std::string(63, 'f') + "0"}, {"quality", 90}};  // 4 bits differ
  const json far = {{"pdq", std::string(62, 'f') + "00"}, {"quality", 90}};   // 8 bits
  const json farther = {{"pdq", std::string(61, 'f') + "000"}, {"quality", 90}};  // 12 bits
  EXPECT_TRUE(check->NearDuplicates(a, close));
  EXPECT_TRUE(check->NearDuplicates(a, far));
  EXPECT_FALSE(check->NearDuplicates(a, farther));
  EXPECT_FALSE(check->NearDuplicates(a, json::object()));  // no hash: never grouped
  EXPECT_FALSE(check->NearDuplicates(a, {{"pdq", "not hex"}}));
}

TEST_F(HashMatchCheckTest, ExifRotatedFilesMatchListsMadeFromStoredPixels) {
  // Reference tools hash the stored grid, the gateway displays the rotated one.
  std::ofstream(dir_ / "exif.txt")
      << "e8783aad54ae0b63653192c279592d6ad4b5434a5fcd7071f7abcb594b481a94,100,exif-rotn-6.jpg\n";
  const std::string bytes = ReadFile(Image("reg-test-input/exif-rotn/exif-rotn-6.jpg"));
  auto with = Make({{"banks", {{{"name", "exif"}, {"file", "exif.txt"}}}}, {"confirmed_bank", "exif-c"}});
  ASSERT_TRUE(with);
  CheckResult r = Run(*with, bytes);
  EXPECT_EQ(r.verdict, Verdict::kReject) << r.evidence.dump();
  EXPECT_EQ(r.evidence["variant"], "stored");
  EXPECT_EQ(r.evidence["distance"], 0);
  auto without = Make({{"banks", {{{"name", "exif"}, {"file", "exif.txt"}}}},
                       {"confirmed_bank", "exif-c"}, {"hash_stored_pixels", false}});
  ASSERT_TRUE(without);
  EXPECT_EQ(Run(*without, bytes).verdict, Verdict::kAllow);
}

TEST_F(HashMatchCheckTest, BadBankFilesFailCreation) {
  std::ofstream(dir_ / "bad.txt") << "not a hash\nabc\n";
  CheckDeps deps;
  deps.config_dir = dir_.string();
  Status s;
  EXPECT_EQ(testing::BuildCheck("hash_match", {{"banks", {{{"name", "bad"}, {"file", "bad.txt"}}}}},
                                &s, deps),
            nullptr);
  EXPECT_EQ(s.code(), ::postern::StatusCode::kInvalidArgument) << s.ToString();
  std::vector<std::string> errors;
  ValidateConfig(HashMatchSchema(), {{"max_distance", 80}, {"banks", {{{"mode", "loud"}}}}}, "hash_match", &errors);
  EXPECT_EQ(errors.size(), 3u);  // distance range, missing name, bad mode
}

TEST(PdqTool, PrintsHashQualityAndPathAndFailsOnUnreadableFiles) {
  const char* bin = std::getenv("POSTERN_BIN");
  if (!bin) GTEST_SKIP() << "POSTERN_BIN not set (run through ctest)";
  const std::string good = Image("reg-test-input/pen-and-coaster.png");
  const std::string cmd = std::string(bin) + " pdq '" + good + "' /nonexistent.png 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  std::array<char, 512> buf;
  while (fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = pclose(p);
  EXPECT_NE(WEXITSTATUS(status), 0);
  EXPECT_EQ(out, "1f811b9d267fbc6613c0c7f30e041f9df49b836303e10f067fcffc12c02d01f9 100 " + good + "\n");
}

}  // namespace
}  // namespace postern::hash_match
