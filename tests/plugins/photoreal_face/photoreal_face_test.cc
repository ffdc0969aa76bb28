// photoreal_face through its registered factory: decisions on known corpus images, the
// admin ONNX path with a tiny model written at test time, bad input, start-up errors.
#include <cstdlib>

#include <gtest/gtest.h>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "plugins/photoreal_face/photoreal_face.h"
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

TEST(PhotorealFaceCheck, FaceSecondLookIsScoredAndBlended) {
  Status st;
  auto check = Make({{"second_look_below", 1.0}}, &st);  // look even at clear photographs
  ASSERT_TRUE(check) << st.ToString();
  auto a = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult r = check->Run(ShareInput{}, *a);
  ASSERT_TRUE(r.evidence.contains("photoreal_face_region")) << r.evidence.dump();
  EXPECT_GT(r.evidence["photoreal_face_region"].get<double>(), 0.5);  // a photographed face
  EXPECT_GE(r.evidence["photoreal_combined"].get<double>(), 0.38);
  // Off, or a whole-image score over second_look_below: one look only.
  auto off = Make({{"face_second_look", false}, {"second_look_below", 1.0}}, &st);
  ASSERT_TRUE(off) << st.ToString();
  auto b = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  EXPECT_FALSE(off->Run(ShareInput{}, *b).evidence.contains("photoreal_face_region"));
  const double whole = r.evidence["photoreal"].get<double>();
  auto above = Make({{"second_look_below", whole}}, &st);
  ASSERT_TRUE(above) << st.ToString();
  auto c = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult once = above->Run(ShareInput{}, *c);
  EXPECT_FALSE(once.evidence.contains("photoreal_face_region"));
  EXPECT_EQ(once.verdict, Verdict::kReject);
}

TEST(PhotorealFaceCheck, HumanFaceVerifierDropsFacesItCallsNotHuman) {
  // BlazeFace finds a face on this motorcycle (confidence over face_confidence); the verifier
  // scores the close-up and does not count it. Without the verifier the photo is rejected.
  const std::string image = CorpusImage("python3-skimage__motorcycle_left.png");
  Status st;
  auto off = Make({{"human_face_head", ""}}, &st);
  ASSERT_TRUE(off) << st.ToString();
  auto a = LoadImageAnalysis(image);
  const CheckResult without = off->Run(ShareInput{}, *a);
  ASSERT_EQ(without.verdict, Verdict::kReject) << without.evidence.dump();
  EXPECT_FALSE(without.evidence["faces"][0].contains("human_face"));

  auto on = Make(json::object(), &st);
  ASSERT_TRUE(on) << st.ToString();
  auto b = LoadImageAnalysis(image);
  const CheckResult with = on->Run(ShareInput{}, *b);
  EXPECT_EQ(with.verdict, Verdict::kAllow) << with.evidence.dump();
  ASSERT_TRUE(with.evidence["faces"][0].contains("human_face")) << with.evidence.dump();
  EXPECT_LT(with.evidence["faces"][0]["human_face"].get<double>(), 0.4);  // default human_face_min
  EXPECT_EQ(with.evidence["face_confidence"].get<double>(), 0.0);

  // A face BlazeFace is sure of is not looked at; asked anyway, the verifier keeps it.
  auto c = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult person = on->Run(ShareInput{}, *c);
  EXPECT_EQ(person.verdict, Verdict::kReject);
  EXPECT_FALSE(person.evidence["faces"][0].contains("human_face"));
  auto always = Make({{"human_face_below", 1.0}}, &st);
  ASSERT_TRUE(always) << st.ToString();
  auto e = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult asked = always->Run(ShareInput{}, *e);
  EXPECT_EQ(asked.verdict, Verdict::kReject);
  EXPECT_GE(asked.evidence["faces"][0]["human_face"].get<double>(), 0.4) << asked.evidence.dump();

  // A threshold no face reaches turns every face it is asked about away.
  auto strict = Make({{"human_face_min", 1.0}, {"human_face_below", 1.0}}, &st);
  ASSERT_TRUE(strict) << st.ToString();
  auto d = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  EXPECT_EQ(strict->Run(ShareInput{}, *d).verdict, Verdict::kAllow);
}

TEST(PhotorealFaceCheck, StylePromptAllowsOnlyBorderlineImages) {
  Status st;
  ShareInput painting_prompt;
  painting_prompt.prompt = "A portrait of an old sailor, Oil on Canvas, in the style of Rembrandt";
  // A clear photograph stays rejected whatever the prompt says.
  auto strict = Make(json::object(), &st);
  ASSERT_TRUE(strict) << st.ToString();
  auto a = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  EXPECT_EQ(strict->Run(painting_prompt, *a).verdict, Verdict::kReject);
  // Everything borderline (no score reaches reject): the style prompt moves hold to allow...
  auto lenient = Make({{"reject_photoreal", 1.0}, {"hold_photoreal", 0.0}}, &st);
  ASSERT_TRUE(lenient) << st.ToString();
  auto b = LoadImageAnalysis(CorpusImage("python3-skimage__astronaut.png"));
  const CheckResult allowed = lenient->Run(painting_prompt, *b);
  EXPECT_EQ(allowed.verdict, Verdict::kAllow);
  EXPECT_EQ(allowed.evidence.value("style_prompt", ""), "oil on canvas");
  // ...but not when the prompt also asks for a photograph, nor without style words.
  ShareInput photo_prompt;
  photo_prompt.prompt = "photorealistic portrait, oil on canvas lighting";
  EXPECT_EQ(lenient->Run(photo_prompt, *b).verdict, Verdict::kHold);
  ShareInput plain;
  plain.prompt = "an astronaut holding a helmet";
  EXPECT_EQ(lenient->Run(plain, *b).verdict, Verdict::kHold);
}

TEST(PhotorealFaceCheck, StyleWordsMatchWholeWordsInAnyCase) {
  const std::vector<std::string> words = {"painted", "3d render", "oil on canvas"};
  EXPECT_EQ(FindStyleWord("A 3D Render of a knight", words), "3d render");
  EXPECT_EQ(FindStyleWord("portrait, OIL ON CANVAS.", words), "oil on canvas");
  EXPECT_EQ(FindStyleWord("an unpainted fence", words), "");
  EXPECT_EQ(FindStyleWord("painted-on smile", words), "painted");
  EXPECT_EQ(FindStyleWord("3d renders", words), "");
  EXPECT_EQ(FindStyleWord("", words), "");
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
  EXPECT_FALSE(Make({{"human_face_head", "/nonexistent/human.yml"}}, &st));
  EXPECT_NE(st.message().find("/nonexistent/human.yml"), std::string::npos);
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
