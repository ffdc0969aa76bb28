// photoreal_face through its registered factory: decisions on known corpus images, the
// admin ONNX path with a tiny model written at test time, bad input, start-up errors.
#include <cstdlib>

#include <gtest/gtest.h>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/support/extension_builder.h"
#include "tests/support/paths.h"

namespace postern::photoreal_face {
namespace {

using testing::LoadImageAnalysis;

std::string CorpusImage(const std::string& name) {
  return testing::CorpusDir() + "/images/" + name;
}

std::unique_ptr<Check> Make(const json& config, Status* st,
                            const CheckDeps& deps = testing::TestCheckDeps()) {
  return testing::BuildCheck("photoreal_face", config, st, deps);
}

TEST(PhotorealFaceCheck, RejectsPhotoWithFaceAllowsPaintingAndCat) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  auto astronaut = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  CheckResult r = check->Run(ShareInput{}, *astronaut);
  EXPECT_EQ(r.verdict, Verdict::kReject);
  EXPECT_EQ(r.code, "photoreal_face");
  EXPECT_GE(r.evidence["photoreal"].get<double>(), 0.38);  // default reject_photoreal
  ASSERT_GE(r.evidence["faces"].size(), 1u);
  EXPECT_EQ(r.evidence["faces"][0]["box"].size(), 4u);
  EXPECT_TRUE(r.evidence["models"].contains("photoreal"));
  EXPECT_TRUE(r.evidence["classes"].contains("Drawing"));

  for (const char* allowed : {"wesnoth-1.16-data__peasant.png",      // digital painting
                              "iconify-emojione__woman.png",         // emoji face
                              "python3-skimage__chelsea.png"}) {     // cat photo
    auto a = LoadImageAnalysis(CorpusImage(allowed));
    EXPECT_NE(check->Run(ShareInput{}, *a).verdict, Verdict::kReject) << allowed;
  }
}

TEST(PhotorealFaceCheck, BorderlineBandHolds) {
  Status st;
  // Everything counts as a photo, but only as borderline: the face photo is held.
  auto check = Make({{"reject_photoreal", 1.0}, {"hold_photoreal", 0.0}}, &st);
  ASSERT_TRUE(check) << st.ToString();
  auto a = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult r = check->Run(ShareInput{}, *a);
  EXPECT_EQ(r.verdict, Verdict::kHold);
  EXPECT_EQ(r.code, "photoreal_face_review");
}

// Writes an ONNX model: GlobalAveragePool over NCHW [1,3,S,S] -> [1,3] channel means.
std::string WriteMeanModel(int size) {
  const std::string path = ::testing::TempDir() + "/channel_mean.onnx";
  const std::string py =
      "import onnx, sys\n"
      "from onnx import helper, TensorProto\n"
      "s = int(sys.argv[2])\n"
      "g = helper.make_graph([helper.make_node('GlobalAveragePool', ['x'], ['p']),\n"
      "  helper.make_node('Flatten', ['p'], ['y'], axis=1)], 'mean',\n"
      "  [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 3, s, s])],\n"
      "  [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 3])])\n"
      "m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 10)])\n"
      "m.ir_version = 5\n"
      "onnx.save(m, sys.argv[1])\n";
  const std::string script = ::testing::TempDir() + "/write_mean_model.py";
  FILE* f = std::fopen(script.c_str(), "w");
  std::fputs(py.c_str(), f);
  std::fclose(f);
  const std::string python = std::getenv("POSTERN_PYTHON") ? std::getenv("POSTERN_PYTHON")
                                                            : "/usr/bin/python3";
  const int rc = std::system((python + " " + script + " " + path + " " + std::to_string(size)).c_str());
  return rc == 0 ? path : "";
}

TEST(PhotorealFaceCheck, AdminOnnxModelReplacesTheHead) {
  const std::string model = WriteMeanModel(16);
  ASSERT_FALSE(model.empty()) << "python3-onnx needed to write the test model";
  Status st;
  // output_index 1 = mean green; mean/scale map 0..255 to 0..1.
  auto check = Make({{"photoreal_model",
                      {{"path", model}, {"input_size", 16}, {"output_index", 1},
                       {"scale", 1.0 / 255}}}},
                    &st);
  ASSERT_TRUE(check) << st.ToString();
  auto a = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult r = check->Run(ShareInput{}, *a);
  cv::Mat small;
  cv::resize(a->bgr(), small, cv::Size(16, 16));
  const double expected = cv::mean(small)[1] / 255;
  EXPECT_NEAR(r.evidence["photoreal"].get<double>(), expected, 1e-3);
  EXPECT_NE(r.evidence["models"]["photoreal"].get<std::string>().find("onnx:"), std::string::npos);

  // A uniform image: green 204 -> exactly 0.8.
  ImageAnalysis green("", "");
  green.set_bgr(cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 204, 30)));
  EXPECT_NEAR(check->Run(ShareInput{}, green).evidence["photoreal"].get<double>(), 0.8, 1e-4);

  // An output index past the model's outputs is a start-up error, not a crash later.
  auto bad = Make({{"photoreal_model", {{"path", model}, {"input_size", 16}, {"output_index", 7}}}}, &st);
  EXPECT_FALSE(bad);
  EXPECT_EQ(st.code(), ::postern::StatusCode::kCorruption);
}

TEST(PhotorealFaceCheck, MissingModelsFailAtStartup) {
  Status st;
  CheckDeps deps = testing::TestCheckDeps();
  deps.data_dir = "/nonexistent-assets";
  EXPECT_FALSE(Make(json::object(), &st, deps));
  EXPECT_NE(st.message().find("/nonexistent-assets/blazeface/"), std::string::npos);
  EXPECT_NE(st.message().find("scripts/fetch-assets"), std::string::npos);
  EXPECT_FALSE(Make({{"photoreal_head", "/nonexistent/head.yml"}}, &st));
  EXPECT_NE(st.message().find("/nonexistent/head.yml"), std::string::npos);
}

TEST(PhotorealFaceCheck, BadInputGivesVerdictOrClearError) {
  Status st;
  auto check = Make(json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  std::vector<cv::Mat> inputs = {cv::Mat(1, 1, CV_8UC3, cv::Scalar(1, 2, 3)),
                                 cv::Mat(3, 900, CV_8UC3, cv::Scalar(50, 90, 200)),
                                 cv::Mat(64, 64, CV_8UC1, cv::Scalar(128)),
                                 cv::Mat(64, 64, CV_16UC1, cv::Scalar(40000)),
                                 cv::Mat(64, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0))};
  for (const cv::Mat& m : inputs) {
    ImageAnalysis a("", "");
    a.set_bgr(m);
    CheckResult r;
    EXPECT_NO_THROW(r = check->Run(ShareInput{}, a)) << m.size << " type " << m.type();
    EXPECT_EQ(r.verdict, Verdict::kAllow) << m.size;
  }
  ImageAnalysis garbage("\x89PNG truncated", "");
  EXPECT_THROW(check->Run(ShareInput{}, garbage), std::runtime_error);
}

}  // namespace
}  // namespace postern::photoreal_face
