// The converted nsfwjs model in OpenCV DNN against TF.js reference outputs computed once
// with the package's own code (see data/nsfwjs_reference.json for how).
#include <algorithm>
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

// Not fetched by scripts/fetch-assets (a trial backbone, issue 13): made by
// scripts/convert_nsfwjs.py --model inception_v3 into the assets folder.
const char* const kInceptionPath = "nsfwjs/nsfwjs_inception_v3.onnx";

// The model's outputs on the reference's images, prepared as the reference was (INTER_AREA
// to the model's side, RGB, /255), against TF.js.
void ExpectReproducesReference(const NsfwClassifier& model, const std::string& reference) {
  std::ifstream in(testing::SourceDir() + "/tests/plugins/common/image_models/data/" + reference);
  ASSERT_TRUE(in) << reference;
  const json ref = json::parse(in);
  ASSERT_GE(ref["images"].size(), 5u);
  const int side = model.input_size();
  for (const json& r : ref["images"]) {
    const std::string file = r["file"];
    cv::Mat bgr = cv::imread(testing::CorpusDir() + "/images/" + file, cv::IMREAD_COLOR);
    ASSERT_FALSE(bgr.empty()) << file;
    cv::Mat small, rgb, f;
    cv::resize(bgr, small, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(f, CV_32FC3, 1.0 / 255);
    const NsfwOutput out = model.Run(f);
    for (int c = 0; c < kNsfwClassCount; ++c) {
      EXPECT_NEAR(out.probs[c], r["probs"][c].get<double>(), 5e-5) << file << " class " << c;
    }
    ASSERT_EQ(out.embedding.size(), static_cast<size_t>(model.embedding_size()));
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

TEST(NsfwClassifier, ReproducesTfjsReference) {
  auto model = Model();
  ASSERT_TRUE(model);
  EXPECT_EQ(model->input_size(), 224);
  EXPECT_EQ(model->embedding_size(), 1280);
  ExpectReproducesReference(*model, "nsfwjs_reference.json");
}

TEST(NsfwClassifier, InceptionV3ReproducesTfjsReference) {
  const std::string dir = testing::AssetsDir();
  if (!std::ifstream(dir + "/" + kInceptionPath)) {
    GTEST_SKIP() << dir << "/" << kInceptionPath << " not converted (scripts/convert_nsfwjs.py)";
  }
  Status st;
  auto model = LoadNsfwClassifier(dir, kInceptionPath, 1, &st);
  ASSERT_TRUE(model) << st.ToString();
  EXPECT_EQ(model->input_size(), 299);
  EXPECT_EQ(model->embedding_size(), 2048);
  EXPECT_NE(model->version().find("inception_v3"), std::string::npos) << model->version();
  ExpectReproducesReference(*model, "nsfwjs_reference_inception_v3.json");
}

TEST(NsfwClassifier, BackboneIsToldByFileName) {
  EXPECT_STREQ(NsfwBackboneOf(kNsfwjsPath).name, "mobilenet_v2");
  EXPECT_STREQ(NsfwBackboneOf("/a/inception_v3.dir/other.onnx").name, "mobilenet_v2");
  const NsfwBackbone& inception = NsfwBackboneOf("/x/nsfwjs/nsfwjs_inception_v3.onnx");
  EXPECT_STREQ(inception.name, "inception_v3");
  EXPECT_EQ(inception.input_size, 299);
  EXPECT_EQ(inception.embedding_size, 2048);
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

// The texture statistics the photorealism head reads: one mean and one standard deviation per
// channel of each style layer; a striped canvas varies inside every early channel, a flat
// colour varies only at the padded border.
TEST(NsfwClassifier, StyleStatisticsSeeTexture) {
  auto model = Model();
  ASSERT_TRUE(model);
  ASSERT_EQ(model->style_size(),
            2 * (24 + 32 + 64 + 96 + 160 + 144 + 192 + 576) + 24 * 23 / 2 + 32 * 31 / 2);
  cv::Mat flat(224, 224, CV_8UC3, cv::Scalar(90, 120, 160)), striped = flat.clone();
  for (int y = 0; y < striped.rows; ++y) {
    for (int x = 0; x < striped.cols; ++x) {
      if ((x + 2 * y) % 6 < 2) striped.at<cv::Vec3b>(y, x) = cv::Vec3b(200, 210, 230);
    }
  }
  const NsfwOutput a = model->Classify(flat), b = model->Classify(striped);
  ASSERT_EQ(a.style.size(), static_cast<size_t>(model->style_size()));
  ASSERT_EQ(b.style.size(), a.style.size());
  // The first style layer (56 x 56 x 24): 24 means, then 24 standard deviations.
  double flat_std = 0, striped_std = 0;
  for (int c = 24; c < 48; ++c) {
    EXPECT_GE(a.style[c], 0.f);
    flat_std += a.style[c];
    striped_std += b.style[c];
  }
  EXPECT_GT(striped_std, 2 * flat_std);
}

// Channel correlations come last: 276 pairs of the 56 px layer, 496 of the 28 px layer, each
// in [-1, 1]; stripes leaning the other way make other channels fire together.
TEST(NsfwClassifier, ChannelCorrelationsSeeOrientation) {
  auto model = Model();
  ASSERT_TRUE(model);
  auto stripes = [](int lean) {
    cv::Mat img(224, 224, CV_8UC3, cv::Scalar(90, 120, 160));
    for (int y = 0; y < img.rows; ++y) {
      for (int x = 0; x < img.cols; ++x) {
        if ((x + lean * y + 600) % 8 < 3) img.at<cv::Vec3b>(y, x) = cv::Vec3b(200, 210, 230);
      }
    }
    return img;
  };
  const NsfwOutput a = model->Classify(stripes(1)), b = model->Classify(stripes(-1));
  const size_t pairs = 24 * 23 / 2 + 32 * 31 / 2, first = a.style.size() - pairs;
  double distance = 0, largest = 0;
  for (size_t i = first; i < a.style.size(); ++i) {
    EXPECT_LE(std::abs(a.style[i]), 1.0001f) << i;
    distance += std::abs(a.style[i] - b.style[i]);
    largest = std::max(largest, static_cast<double>(std::abs(a.style[i])));
  }
  EXPECT_GT(largest, 0.5);           // some channels do fire together on stripes
  EXPECT_GT(distance / pairs, 0.2);  // and which ones depends on the orientation
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
