// PDQ against the reference C++ tool's hashes of the shared vectors: exact where the
// decoded pixels must agree (lossless files), and within PDQ's own conformance rule
// (<= 10 bits when quality >= 80) everywhere else.
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "plugins/hash_match/pdq.h"
#include "tests/support/paths.h"

namespace postern::hash_match {
namespace {

using testing::PdqVectorsDir;

struct Expected {
  std::string path, hex;
  int quality;
};

std::vector<Expected> ReadExpected() {
  std::ifstream in(PdqVectorsDir() + "/expected/cpp-reference.csv");
  std::vector<Expected> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    Expected e;
    std::string q;
    std::getline(ss, e.path, ',');
    std::getline(ss, e.hex, ',');
    std::getline(ss, q, ',');
    e.quality = std::stoi(q);
    out.push_back(e);
  }
  return out;
}

bool IsLossless(const std::string& path) {
  return path.size() > 4 && path.substr(path.size() - 4) == ".png";
}

TEST(PdqConformance, MatchesReferenceHashes) {
  std::vector<Expected> expected = ReadExpected();
  ASSERT_GE(expected.size(), 40u) << "reference vectors missing under " << PdqVectorsDir();
  std::map<int, int> distribution;
  int exact = 0;
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.path);
    cv::Mat pixels;
    Status s = ReadImageForPdq(PdqVectorsDir() + "/images/" + e.path, &pixels);
    ASSERT_TRUE(s.ok()) << s.ToString();
    PdqResult r = PdqHash(pixels);
    Hash256 want;
    ASSERT_TRUE(Hash256::FromHex(e.hex, &want));
    const int d = HammingDistance(r.hash, want);
    ++distribution[d];
    exact += d == 0;
    if (IsLossless(e.path)) {
      // Every PNG decoder yields the same pixels, so the hash must be identical.
      EXPECT_EQ(d, 0) << r.hash.ToHex() << " vs " << e.hex;
      EXPECT_EQ(r.quality, e.quality);
    } else if (e.quality >= 80) {
      EXPECT_LE(d, 10) << r.hash.ToHex() << " vs " << e.hex;
      EXPECT_GE(r.quality, 80);
    }
  }
  std::string dist;
  for (auto [d, n] : distribution) dist += " " + std::to_string(d) + ":" + std::to_string(n);
  std::cout << "[pdq] " << exact << "/" << expected.size()
            << " identical; distance:count" << dist << "\n";
}

TEST(PdqConformance, ReadsTheReferenceHexLayout) {
  // order256.dat's first line: words (printed most significant first) 1, 2, 3, 4.
  Hash256 h;
  ASSERT_TRUE(Hash256::FromHex("0000000000000001000000000000000200000000000000030000000000000004", &h));
  EXPECT_EQ(h.PopCount(), 5);
  for (int bit : {2, 64, 65, 129, 192}) EXPECT_TRUE(h.Bit(bit)) << bit;
  EXPECT_EQ(h.Bits(62, 4), 0b1100u);  // bits 62..65 straddle two words: 64 and 65 set
  EXPECT_EQ(h.Bits(64, 2), 0b11u);
  EXPECT_EQ(h.ToHex(), "0000000000000001000000000000000200000000000000030000000000000004");
  EXPECT_FALSE(Hash256::FromHex("123", &h));
  EXPECT_FALSE(Hash256::FromHex(std::string(63, '0') + "g", &h));
}

TEST(Pdq, TinyImagesHashToZeroWithQualityZero) {
  cv::Mat tiny(4, 100, CV_8UC3, cv::Scalar(10, 200, 30));
  PdqResult r = PdqHash(tiny);
  EXPECT_EQ(r.hash, Hash256{});
  EXPECT_EQ(r.quality, 0);
  EXPECT_EQ(PdqHash(cv::Mat()).quality, 0);
}

TEST(Pdq, LargeImagesArePreResizedByNearestNeighbour) {
  cv::Mat big(1000, 1300, CV_8UC3);
  cv::randu(big, 0, 255);
  cv::GaussianBlur(big, big, cv::Size(31, 31), 9);
  cv::Mat small(512, 512, CV_8UC3);
  for (int y = 0; y < 512; ++y)
    for (int x = 0; x < 512; ++x) small.at<cv::Vec3b>(y, x) = big.at<cv::Vec3b>(y * 1000 / 512, x * 1300 / 512);
  EXPECT_EQ(PdqHash(big).hash, PdqHash(small).hash);
}

TEST(Pdq, GreyInputGivesTheSameHashAsOneChannelOrThree) {
  cv::Mat grey(300, 200, CV_8UC1);
  cv::randu(grey, 0, 255);
  cv::GaussianBlur(grey, grey, cv::Size(15, 15), 5);
  cv::Mat bgr, bgra;
  cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);
  cv::cvtColor(grey, bgra, cv::COLOR_GRAY2BGRA);
  PdqResult a = PdqHash(grey);
  EXPECT_EQ(a.hash, PdqHash(bgr).hash);
  EXPECT_EQ(a.hash, PdqHash(bgra).hash);
  EXPECT_GE(a.hash.PopCount(), 120);  // about half the bits: a median threshold
  EXPECT_LE(a.hash.PopCount(), 128);
}

TEST(Pdq, UnreadableFilesAreErrors) {
  cv::Mat m;
  EXPECT_EQ(ReadImageForPdq("/nonexistent/x.png", &m).code(), ::postern::StatusCode::kIOError);
  EXPECT_EQ(DecodeForPdq("definitely not an image", &m).code(), ::postern::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace postern::hash_match
