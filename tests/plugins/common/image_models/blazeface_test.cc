// BlazeFace decoding facts (notes/blazeface.md), each pinned on synthetic data or a known
// image from the shared corpus.
#include <cstdlib>
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "plugins/common/image_models/analysis.h"
#include "plugins/common/image_models/blazeface.h"
#include "tests/support/paths.h"

namespace postern::image_models {
namespace {

std::string CorpusImage(const std::string& name) {
  return testing::CorpusDir() + "/images/" + name;
}

struct Detectors {
  std::shared_ptr<BlazeFace> full, shortr;
};

Detectors Load() {
  Status st;
  Detectors d;
  d.full = LoadBlazeFace(testing::AssetsDir(), kBlazeFaceFullRangePath, kBlazeFaceFullRangeSha256, 0, 1, &st);
  EXPECT_TRUE(d.full) << st.ToString();
  d.shortr = LoadBlazeFace(testing::AssetsDir(), kBlazeFaceShortRangePath, kBlazeFaceShortRangeSha256, 0, 1, &st);
  EXPECT_TRUE(d.shortr) << st.ToString();
  return d;
}

TEST(BlazeFaceDecode, AnchorsAre16x16x2Then8x8x6) {
  const auto a = BlazeFaceAnchors();
  ASSERT_EQ(a.size(), 896u);
  EXPECT_FLOAT_EQ(a[0].x, 0.5f / 16);
  EXPECT_FLOAT_EQ(a[1].x, 0.5f / 16);   // two anchors per cell
  EXPECT_FLOAT_EQ(a[2].x, 1.5f / 16);   // then the next column
  EXPECT_FLOAT_EQ(a[32].y, 1.5f / 16);  // row-major
  EXPECT_FLOAT_EQ(a[512].x, 0.5f / 8);
  EXPECT_FLOAT_EQ(a[517].x, 0.5f / 8);  // six anchors per cell
  EXPECT_FLOAT_EQ(a[518].x, 1.5f / 8);
  EXPECT_FLOAT_EQ(a[895].x, 7.5f / 8);
  EXPECT_FLOAT_EQ(a[895].y, 7.5f / 8);
}

TEST(BlazeFaceDecode, RegressorsAreOffsetsInInputPixels) {
  float r[16] = {12.8f, -25.6f, 64.f, 32.f};
  for (int k = 0; k < 6; ++k) {
    r[4 + 2 * k] = 1.28f * k;
    r[5 + 2 * k] = -1.28f * k;
  }
  const FaceDetection d = DecodeBlazeFace(r, 0.f, {0.5f, 0.5f}, 128);
  EXPECT_NEAR(d.box.x + d.box.width / 2, 0.6f, 1e-6);   // 12.8 / 128 + 0.5
  EXPECT_NEAR(d.box.y + d.box.height / 2, 0.3f, 1e-6);
  EXPECT_NEAR(d.box.width, 0.5f, 1e-6);                 // no exponent
  EXPECT_NEAR(d.box.height, 0.25f, 1e-6);
  EXPECT_NEAR(d.keypoints[5].x, 0.55f, 1e-6);
  EXPECT_NEAR(d.keypoints[5].y, 0.45f, 1e-6);
  EXPECT_NEAR(d.score, 0.5f, 1e-6);                     // sigmoid(0)
  EXPECT_NEAR(DecodeBlazeFace(r, 1000.f, {0, 0}, 128).score, 1.f, 1e-6);  // clamped logit
}

TEST(BlazeFaceDecode, WeightedNmsAveragesOverlapsByScore) {
  FaceDetection a, b, c;
  a.box = {0, 0, 10, 10};
  a.score = 0.9f;
  b.box = {2, 0, 10, 10};  // IoU with a = 0.67
  b.score = 0.3f;
  c.box = {50, 50, 10, 10};
  c.score = 0.6f;
  const auto out = WeightedNms({b, c, a}, 0.3f);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[0].score, 0.9f);
  EXPECT_NEAR(out[0].box.x, (0.9f * 0 + 0.3f * 2) / 1.2f, 1e-5);
  EXPECT_FLOAT_EQ(out[1].box.x, 50.f);
}

TEST(BlazeFace, FindsAstronautFaceWithLandmarksInPlace) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  const cv::Mat img = cv::imread(CorpusImage("python3-skimage__astronaut.png"), cv::IMREAD_COLOR);
  ASSERT_FALSE(img.empty());
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  const auto faces = detector.Detect(img);
  ASSERT_EQ(faces.size(), 1u);
  const FaceDetection& f = faces[0];
  EXPECT_TRUE(f.human);
  EXPECT_GT(f.score, 0.8f);  // RGB in [-1,1]; BGR or [0,1] input scores clearly lower
  const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
  EXPECT_NEAR(c.x, 225, 20);  // letterbox removed: pixel coordinates of the 512x512 image
  EXPECT_NEAR(c.y, 126, 20);
  EXPECT_NEAR(f.box.width, 104, 20);
  // Subject's right eye is on the image's left; eyes above nose above mouth.
  EXPECT_LT(f.keypoints[kRightEye].x, f.keypoints[kLeftEye].x);
  EXPECT_LT(f.keypoints[kRightEye].y, f.keypoints[kNoseTip].y);
  EXPECT_LT(f.keypoints[kNoseTip].y, f.keypoints[kMouth].y);
  EXPECT_GT(LandmarkGeometryScore(f), 0.7f);
}

TEST(BlazeFace, ReducedWholeImagePassReportsOriginalPixels) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  cv::Mat img = cv::imread(CorpusImage("python3-skimage__astronaut.png"), cv::IMREAD_COLOR);
  cv::resize(img, img, cv::Size(1400, 1000));  // 1400x1000 -> 700x500 -> 350x250
  const cv::Mat reduced = ReducedForNetworks(img);
  EXPECT_EQ(reduced.size(), cv::Size(350, 250));
  EXPECT_EQ(ReducedForNetworks(cv::Mat(300, 900, CV_8UC3)).size(), cv::Size(900, 300));
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  const auto direct = detector.Detect(img, false);
  const auto via = detector.Detect(img, false, reduced);
  ASSERT_EQ(direct.size(), 1u);
  ASSERT_EQ(via.size(), 1u);
  EXPECT_TRUE(via[0].human);
  EXPECT_GT(BoxIou(direct[0].box, via[0].box), 0.8f);
  EXPECT_NEAR(via[0].keypoints[kNoseTip].x, direct[0].keypoints[kNoseTip].x, 12);
}

TEST(BlazeFace, InputFactsMatter) {
  // Pins the notes: swapping to BGR or scaling to [0,1] lowers the score of a real face.
  auto d = Load();
  ASSERT_TRUE(d.full);
  const cv::Mat img = cv::imread(CorpusImage("python3-skimage__astronaut.png"), cv::IMREAD_COLOR);
  auto best = [&](const cv::Mat& m) {
    float s = 0;
    for (const auto& c : d.full->Candidates(m, 0.05f)) s = std::max(s, c.score);
    return s;
  };
  cv::Mat swapped;
  cv::cvtColor(img, swapped, cv::COLOR_BGR2RGB);  // the net then sees BGR
  EXPECT_GT(best(img), best(swapped));
}

TEST(BlazeFace, ManyFacesInOneImage) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  // A collage of 24 face photos (README of the corpus).
  const cv::Mat img = cv::imread(CorpusImage("libdlib19.1__bald_guys.jpg"), cv::IMREAD_COLOR);
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  const auto faces = detector.Detect(img);
  int confident = 0, human = 0;
  for (const auto& f : faces) {
    confident += f.score >= 0.7f;
    human += f.human;
  }
  EXPECT_GE(confident, 20);
  EXPECT_GE(human, 1);
}

TEST(BlazeFace, SmallFaceInLargeImageFoundWithTiles) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  const cv::Mat astro = cv::imread(CorpusImage("python3-skimage__astronaut.png"), cv::IMREAD_COLOR);
  // The astronaut's head (about 150 px) shrunk to ~48 px in a 1600x1200 textured scene.
  cv::Mat head, big(1200, 1600, CV_8UC3);
  cv::resize(astro(cv::Rect(150, 40, 150, 170)), head, cv::Size(48, 54), 0, 0, cv::INTER_AREA);
  cv::randu(big, cv::Scalar::all(90), cv::Scalar::all(140));
  cv::GaussianBlur(big, big, cv::Size(7, 7), 2);
  head.copyTo(big(cv::Rect(1100, 300, head.cols, head.rows)));
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  auto found_at = [](const std::vector<FaceDetection>& faces, cv::Point2f want) {
    for (const auto& f : faces) {
      const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
      if (f.human && std::abs(c.x - want.x) < 25 && std::abs(c.y - want.y) < 25) return true;
    }
    return false;
  };
  EXPECT_FALSE(found_at(detector.Detect(big, false), {1124, 327}));  // needs the tiles
  EXPECT_TRUE(found_at(detector.Detect(big, true), {1124, 327}));
  // As the check runs it: whole-image pass on the reduced copy, tiles from its hints.
  EXPECT_TRUE(found_at(detector.Detect(big, true, ReducedForNetworks(big)), {1124, 327}));
  // Every tile (hints off) finds it too.
  FaceDetectorOptions all_tiles;
  all_tiles.tile_hint_score = 0;
  EXPECT_TRUE(found_at(FaceDetector(d.full, d.shortr, all_tiles).Detect(big, true), {1124, 327}));
}

TEST(BlazeFace, SmallFaceInPanoramaFoundInItsTiles) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  const cv::Mat astro = cv::imread(CorpusImage("python3-skimage__astronaut.png"), cv::IMREAD_COLOR);
  // 3000x500 plain scene: a tile (500 px) magnifies 6x more than the whole-image pass, so
  // a 30 px face leaves no hint at whole-image scale; panoramas search every tile.
  cv::Mat head, pano(500, 3000, CV_8UC3, cv::Scalar(120, 130, 140));
  cv::resize(astro(cv::Rect(150, 40, 150, 170)), head, cv::Size(30, 34), 0, 0, cv::INTER_AREA);
  head.copyTo(pano(cv::Rect(2200, 200, head.cols, head.rows)));
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  bool found = false;
  for (const auto& f : detector.Detect(pano, true, ReducedForNetworks(pano))) {
    const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
    found |= f.human && std::abs(c.x - 2215) < 20 && std::abs(c.y - 217) < 20;
  }
  EXPECT_TRUE(found);
}

TEST(BlazeFace, CatAndDogFacesAreNotHuman) {
  auto d = Load();
  ASSERT_TRUE(d.full && d.shortr);
  const FaceDetector detector(d.full, d.shortr, FaceDetectorOptions{});
  for (const char* name : {"python3-skimage__chelsea.png", "libdlib19.1__dogs.jpg"}) {
    const cv::Mat img = cv::imread(CorpusImage(name), cv::IMREAD_COLOR);
    for (const auto& f : detector.Detect(img)) EXPECT_FALSE(f.human) << name << " " << f.score;
  }
}

TEST(BlazeFace, WrongOrMissingModelIsAClearStartupError) {
  Status st;
  EXPECT_FALSE(LoadBlazeFace("/nonexistent", kBlazeFaceFullRangePath, kBlazeFaceFullRangeSha256, 0, 1, &st));
  EXPECT_EQ(st.code(), ::postern::StatusCode::kIOError);
  EXPECT_NE(st.message().find("scripts/fetch-assets"), std::string::npos);
  // The short-range file where the full-range one is expected: hash mismatch.
  const std::string dir = ::testing::TempDir() + "/bf_wrong";
  std::system(("mkdir -p " + dir + "/blazeface && cp " + testing::AssetsDir() + "/" +
               kBlazeFaceShortRangePath + " " + dir + "/" + kBlazeFaceFullRangePath).c_str());
  EXPECT_FALSE(LoadBlazeFace(dir, kBlazeFaceFullRangePath, kBlazeFaceFullRangeSha256, 0, 1, &st));
  EXPECT_EQ(st.code(), ::postern::StatusCode::kCorruption);
  EXPECT_NE(st.message().find(kBlazeFaceFullRangePath), std::string::npos);
}

}  // namespace
}  // namespace postern::image_models
