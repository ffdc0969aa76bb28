// nsfw_image through its registered factory, on the shared corpus (all safe for work).
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "gateway/check.h"
#include "plugins/image_models/analysis.h"
#include "plugins/image_models/photoreal_training.h"

namespace postern {
namespace {

std::string SourceDir() {
  const char* s = std::getenv("POSTERN_SOURCE_DIR");
  return s ? s : POSTERN_SOURCE_DIR;
}
CheckDeps Deps() {
  CheckDeps d;
  const char* a = std::getenv("POSTERN_ASSETS");
  d.data_dir = a ? a : SourceDir() + "/assets";
  d.config_dir = SourceDir() + "/config";
  return d;
}

std::unique_ptr<Check> Make(const json& config, Status* st) {
  auto& f = CheckRegistry().at("nsfw_image");
  std::vector<std::string> errors;
  const json full = ValidateConfig(f->schema(), config, "nsfw_image", &errors);
  EXPECT_TRUE(errors.empty());
  return f->Create(full, Deps(), st);
}

// ImageAnalysis holds a mutex (not movable): handed out by pointer.
std::unique_ptr<ImageAnalysis> Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto a = std::make_unique<ImageAnalysis>(bytes, "");
  a->set_bgr(ToBgr8(cv::imread(path, cv::IMREAD_UNCHANGED)));
  return a;
}

TEST(NsfwImageCheck, FlagsAtMostOnePercentOfSafeCorpus) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  std::vector<LabelledImage> images;
  ASSERT_TRUE(ReadLabels(SourceDir() + "/../shared/corpus/labels.csv", &images).ok());
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
  const std::string img = SourceDir() + "/../shared/corpus/images/python3-skimage__astronaut.png";
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

TEST(NsfwImageCheck, BadInputGivesVerdictOrClearError) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check);
  std::vector<cv::Mat> inputs = {cv::Mat(1, 1, CV_8UC3, cv::Scalar(9, 9, 9)),
                                 cv::Mat(5, 300, CV_8UC1, cv::Scalar(200)),
                                 cv::Mat(40, 40, CV_16UC3, cv::Scalar(60000, 0, 0)),
                                 cv::Mat(40, 40, CV_8UC4, cv::Scalar(0, 0, 0, 255))};
  for (const cv::Mat& m : inputs) {
    ImageAnalysis a("", "");
    a.set_bgr(m);  // not 8-bit BGR: the check converts
    EXPECT_NO_THROW(check->Run(ShareInput{}, a));
  }
  ImageAnalysis garbage("not an image", "");
  EXPECT_THROW(check->Run(ShareInput{}, garbage), std::runtime_error);
}

}  // namespace
}  // namespace postern
