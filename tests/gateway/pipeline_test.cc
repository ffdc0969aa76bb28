// Pipeline semantics with fixture checks registered only in this test binary: verdict
// combination, shadow mode, and on_error for exceptions and timeouts.
#include "gateway/share/pipeline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/test_server.h"

namespace postern {
namespace {

// Returns the verdict named by its config; sleeps or throws when told to.
class FixtureCheck : public Check {
 public:
  explicit FixtureCheck(json c) : c_(std::move(c)) {}
  CheckResult Run(const ShareInput&, ImageAnalysis&) override {
    if (c_["sleep_ms"].get<int>() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(c_["sleep_ms"].get<int>()));
    if (c_["throw"].get<bool>()) throw std::runtime_error("fixture failure");
    const std::string v = c_["verdict"];
    if (v == "allow") return CheckResult::Allow();
    return {v == "reject" ? Verdict::kReject : Verdict::kHold, "fixture_" + v, "fixture says " + v, {{"k", 1}}};
  }
 private:
  json c_;
};

class FixtureFactory : public CheckFactory {
 public:
  std::string name() const override { return "test_fixture"; }
  ConfigSchema schema() const override {
    ConfigField verdict{"verdict", FieldType::kString, "allow"};
    verdict.one_of = {"allow", "reject", "hold"};
    return {verdict, {"sleep_ms", FieldType::kInt, 0, 0, 10000}, {"throw", FieldType::kBool, false}};
  }
  std::unique_ptr<Check> Create(const json& c, const CheckDeps&, Status*) const override {
    return std::make_unique<FixtureCheck>(c);
  }
};
POSTERN_REGISTER_CHECK(FixtureFactory);

Pipeline::Outcome RunWith(const std::string& plugins_yaml) {
  Config c;
  std::vector<std::string> errors;
  const std::string yaml = "plugins:\n  - name: image_guard\n" + plugins_yaml + "connectors: [{name: showcase}]\n";
  EXPECT_TRUE(ParseConfig(yaml, "/tmp/p.yaml", &c, &errors).ok()) << (errors.empty() ? "" : errors[0]);
  auto p = Pipeline::Build(c, CheckDeps{}, &errors);
  EXPECT_TRUE(p) << (errors.empty() ? "" : errors[0]);
  std::string png = testing::MakeImage(32, 32);
  auto image = std::make_shared<ImageAnalysis>(png, "sha");
  return p->Run(ShareInput{"s", "u", "p", "", json::object()}, image, nullptr);
}

TEST(PipelineTest, RejectWinsOverHoldAndReasonsListBoth) {
  auto o = RunWith("  - {name: test_fixture, config: {verdict: hold}}\n  - {name: test_fixture, config: {verdict: reject}}\n");
  EXPECT_EQ(o.decision, Decision::kRejected);
  ASSERT_EQ(o.reasons.size(), 2u);
  EXPECT_EQ(o.reasons[0]["code"], "fixture_hold");
  EXPECT_EQ(o.checks.size(), 3u);
}

TEST(PipelineTest, HoldWithoutRejectHolds) {
  EXPECT_EQ(RunWith("  - {name: test_fixture, config: {verdict: hold}}\n").decision, Decision::kHeld);
  EXPECT_EQ(RunWith("  - {name: test_fixture}\n").decision, Decision::kApproved);
}

TEST(PipelineTest, ShadowRecordsButNeverBlocks) {
  auto o = RunWith("  - {name: test_fixture, mode: shadow, config: {verdict: reject}}\n");
  EXPECT_EQ(o.decision, Decision::kApproved);
  EXPECT_TRUE(o.reasons.empty());
  EXPECT_EQ(o.checks[1].verdict, Verdict::kReject);
  EXPECT_EQ(o.checks[1].mode, CheckMode::kShadow);
}

TEST(PipelineTest, DisabledChecksDoNotRun) {
  auto o = RunWith("  - {name: test_fixture, enabled: false, config: {verdict: reject}}\n");
  EXPECT_EQ(o.decision, Decision::kApproved);
  EXPECT_EQ(o.checks.size(), 1u);
}

TEST(PipelineTest, ExceptionsFollowOnError) {
  auto hold = RunWith("  - {name: test_fixture, config: {throw: true}}\n");  // default on_error: hold
  EXPECT_EQ(hold.decision, Decision::kHeld);
  EXPECT_EQ(hold.checks[1].code, "plugin_error");
  EXPECT_TRUE(hold.checks[1].failed);
  EXPECT_EQ(hold.checks[1].evidence["error"], "fixture failure");
  EXPECT_EQ(RunWith("  - {name: test_fixture, on_error: reject, config: {throw: true}}\n").decision, Decision::kRejected);
  EXPECT_EQ(RunWith("  - {name: test_fixture, on_error: allow, config: {throw: true}}\n").decision, Decision::kApproved);
}

TEST(PipelineTest, TimeoutBoundsLatencyAndFollowsOnError) {
  auto start = std::chrono::steady_clock::now();
  auto o = RunWith("  - {name: test_fixture, timeout_ms: 50, on_error: reject, config: {sleep_ms: 2000, verdict: allow}}\n");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(o.decision, Decision::kRejected);
  EXPECT_EQ(o.checks[1].code, "plugin_timeout");
  EXPECT_LT(ms, 1500);  // did not wait for the 2 s check
}

TEST(PipelineTest, ImageGuardMustComeFirst) {
  Config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(ParseConfig("plugins: [{name: test_fixture}, {name: image_guard}]\nconnectors: [{name: showcase}]\n",
                          "/tmp/p.yaml", &c, &errors).ok());
  EXPECT_FALSE(Pipeline::Build(c, CheckDeps{}, &errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().find("must be image_guard"), std::string::npos);
}

}  // namespace
}  // namespace postern
