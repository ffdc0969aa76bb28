// The converted nsfwjs model in OpenCV DNN against TF.js reference outputs computed once
// with the package's own code (see data/nsfwjs_reference.json for how).
#include <cmath>
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gateway/schema.h"
#include "plugins/common/image_models/analysis.h"
#include "tests/support/paths.h"

namespace postern::image_models {
namespace {


std::shared_ptr<NsfwClassifier> Model() {
  Status st;
  auto m = LoadNsfwClassifier(testing::AssetsDir(), kNsfwjsPath, 1, &st);
  EXPECT_TRUE(m) << st.ToString() << " (run scripts/fetch-assets)";
  return m;
}

TEST(NsfwClassifier, ReproducesTfjsReference) {
  auto model = Model();
  ASSERT_TRUE(model);
  std::ifstream in(testing::SourceDir() + "/tests/plugins/common/image_models/data/nsfwjs_reference.json");
  ASSERT_TRUE(in);
  const json ref = json::parse(in);
  ASSERT_GE(ref["images"].size(), 5u);
  for (const json& r : ref["images"]) {
    const std::string file = r["file"];
    cv::Mat bgr = cv::imread(testing::CorpusDir() + "/images/" + file, cv::IMREAD_COLOR);
    ASSERT_FALSE(bgr.empty()) << file;
    // Same input as the reference: INTER_AREA to 224, RGB, /255.
    cv::Mat small, rgb, f;
    cv::resize(bgr, small, cv::Size(224, 224), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(f, CV_32FC3, 1.0 / 255);
    const NsfwOutput out = model->Run(f);
    for (int c = 0; c < kNsfwClassCount; ++c) {
      EXPECT_NEAR(out.probs[c], r["probs"][c].get<double>(), 5e-5) << file << " class " << c;
    }
    ASSERT_EQ(out.embedding.size(), 1280u);
    double l2 = 0;
    for (float e : out.embedding) l2 += e * e;
    EXPECT_NEAR(std::sqrt(l2), r["embedding_l2"].get<double>(), 1e-3) << file;
    for (size_t i = 0; i < r["embedding_head"].size(); ++i) {
      EXPECT_NEAR(out.embedding[i], r["embedding_head"][i].get<double>(), 1e-4) << file;
    }
    const int argmax = static_cast<int>(
        std::max_element(out.embedding.begin(), out.embedding.end()) - out.embedding.begin());
    EXPECT_EQ(argmax, r["embedding_argmax"].get<int>()) << file;
  }
}

TEST(NsfwClassifier, ClassifyAnySizeGivesProbabilities) {
  auto model = Model();
  ASSERT_TRUE(model);
  for (cv::Size size : {cv::Size(1, 1), cv::Size(7, 300), cv::Size(224, 224), cv::Size(1500, 90)}) {
    cv::Mat img(size, CV_8UC3, cv::Scalar(30, 140, 220));
    const NsfwOutput out = model->Classify(img);
    float sum = 0;
    for (float p : out.probs) sum += p;
    EXPECT_NEAR(sum, 1.f, 1e-4) << size;
  }
}

TEST(NsfwClassifier, MissingModelNamesFileAndFetchScript) {
  Status st;
  auto m = LoadNsfwClassifier("/nonexistent-dir", kNsfwjsPath, 1, &st);
  EXPECT_FALSE(m);
  EXPECT_EQ(st.code(), ::postern::StatusCode::kIOError);
  EXPECT_NE(st.message().find("/nonexistent-dir/nsfwjs/nsfwjs_mobilenet_v2.onnx"), std::string::npos);
  EXPECT_NE(st.message().find("scripts/fetch-assets"), std::string::npos);
}

}  // namespace
}  // namespace postern::image_models
