// nsfw_image through its registered factory, on the shared corpus (all safe for work).
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "gateway/check.h"
#include "plugins/common/image_models/photoreal_training.h"
#include "tests/support/extension_builder.h"
#include "tests/support/paths.h"

namespace postern::nsfw_image {
namespace {

std::unique_ptr<Check> Make(const json& config, Status* st) {
  return testing::BuildCheck("nsfw_image", config, st);
}

std::unique_ptr<ImageAnalysis> Load(const std::string& path) { return testing::LoadImageAnalysis(path); }

std::string CorpusImage(const std::string& name) {
  return testing::CorpusDir() + "/images/" + name;
}

TEST(NsfwImageCheck, FlagsAtMostOnePercentOfSafeCorpus) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  std::vector<image_models::LabelledImage> images;
  ASSERT_TRUE(image_models::ReadLabels(testing::CorpusDir() + "/labels.csv", &images).ok());
  int flagged = 0;
  for (const auto& img : images) {
    auto a = Load(img.path);
    const CheckResult r = check->Run(ShareInput{}, *a);
    flagged += r.verdict != Verdict::kAllow;
    ASSERT_TRUE(r.evidence.contains("probabilities"));
  }
  EXPECT_LE(flagged, static_cast<int>(images.size() / 100)) << flagged << " flagged";
}

TEST(NsfwImageCheck, ThresholdsDecide) {
  Status st;
  const std::string img = CorpusImage("python3-skimage__astronaut.png");
  auto reject_all = Make({{"reject_threshold", 0.0}}, &st);
  ASSERT_TRUE(reject_all) << st.ToString();
  auto a = Load(img);
  CheckResult r = reject_all->Run(ShareInput{}, *a);
  EXPECT_EQ(r.verdict, Verdict::kReject);
  EXPECT_EQ(r.code, "explicit_image");
  auto hold_all = Make({{"sexy_hold_threshold", 0.0}}, &st);
  ASSERT_TRUE(hold_all);
  r = hold_all->Run(ShareInput{}, *a);  // reuses the cached network pass
  EXPECT_EQ(r.verdict, Verdict::kHold);
  auto defaults = Make(json::object(), &st);
  r = defaults->Run(ShareInput{}, *a);
  EXPECT_EQ(r.verdict, Verdict::kAllow);
  EXPECT_GT(r.evidence["probabilities"]["Neutral"].get<double>(), 0.9);
}

TEST(NsfwImageCheck, KnownDrawingAndPhotoAreAllowedWithTheirClass) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  // Classes per the TF.js reference (tests/plugins/common/image_models/data): a Ren'Py
  // character drawing (Drawing 0.99) and a cat photo (Neutral 0.996).
  const std::pair<const char*, const char*> known[] = {
      {"renpy-demo__eileen_happy.png", "Drawing"},
      {"puzzle-jigsaw__cat-animal-cat-portrait-mackerel.jpg", "Neutral"}};
  for (const auto& [file, cls] : known) {
    auto a = Load(CorpusImage(file));
    ASSERT_FALSE(a->bgr().empty()) << file;
    const CheckResult r = check->Run(ShareInput{}, *a);
    EXPECT_EQ(r.verdict, Verdict::kAllow) << file << " " << r.evidence.dump();
    EXPECT_EQ(r.code, "") << file;
    EXPECT_GT(r.evidence["probabilities"][cls].get<double>(), 0.9) << file;
    EXPECT_LT(r.evidence["explicit"].get<double>(), 0.05) << file;
  }
}

// Any pixel format reaches the network as the 8-bit BGR image it stands for, so it gets
// that image's verdict and probabilities; bytes that are no image are an error.
TEST(NsfwImageCheck, OtherPixelFormatsGetTheVerdictOfTheirBgrEquivalent) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  const std::pair<cv::Mat, cv::Mat> as_bgr[] = {
      {cv::Mat(5, 300, CV_8UC1, cv::Scalar(200)), cv::Mat(5, 300, CV_8UC3, cv::Scalar(200, 200, 200))},
      {cv::Mat(40, 40, CV_16UC3, cv::Scalar(60000, 0, 0)),
       cv::Mat(40, 40, CV_8UC3, cv::Scalar(60000 / 257, 0, 0))},
      {cv::Mat(40, 40, CV_8UC4, cv::Scalar(0, 0, 0, 255)), cv::Mat(40, 40, CV_8UC3, cv::Scalar(0, 0, 0))}};
  for (const auto& [input, bgr] : as_bgr) {
    ImageAnalysis a("", ""), b("", "");
    a.set_bgr(input);
    b.set_bgr(bgr);
    const CheckResult got = check->Run(ShareInput{}, a);
    const CheckResult want = check->Run(ShareInput{}, b);
    EXPECT_EQ(got.verdict, want.verdict) << "type " << input.type();
    EXPECT_EQ(got.code, want.code) << "type " << input.type();
    for (const char* cls : {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"}) {
      EXPECT_NEAR(got.evidence["probabilities"][cls].get<double>(),
                  want.evidence["probabilities"][cls].get<double>(), 1e-3)
          << "type " << input.type() << " " << cls;
    }
  }
  // A single pixel is still an image: five probabilities that sum to one.
  ImageAnalysis pixel("", "");
  pixel.set_bgr(cv::Mat(1, 1, CV_8UC3, cv::Scalar(9, 9, 9)));
  const CheckResult r = check->Run(ShareInput{}, pixel);
  double sum = 0;
  for (const auto& [cls, p] : r.evidence["probabilities"].items()) sum += p.get<double>();
  EXPECT_EQ(r.evidence["probabilities"].size(), 5u);
  EXPECT_NEAR(sum, 1.0, 1e-3);
  ImageAnalysis garbage("not an image", "");
  EXPECT_THROW(check->Run(ShareInput{}, garbage), std::runtime_error);
}

}  // namespace
}  // namespace postern::nsfw_image
