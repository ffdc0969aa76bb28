// Regression guard: the targets on ../shared/textpolicy/dev.csv (F1 >= 0.95,
// FPR <= 1%, evasion recall >= 0.95). Speed is measured in bench/text_policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "plugins/text_policy/eval_text.h"
#include "tests/support/extension_builder.h"
#include "tests/support/paths.h"

namespace postern::text_policy {
namespace {

TEST(EvalDev, TargetsHoldOnDevSet) {
  std::vector<LabeledText> rows;
  std::string error;
  ASSERT_TRUE(ReadLabeledCsv(testing::SharedDir() + "/textpolicy/dev.csv", &rows, &error)) << error;
  ASSERT_EQ(rows.size(), 300u);
  Status st;
  auto check = testing::BuildCheckAs<TextPolicyCheck>("text_policy", json::object(), &st);
  ASSERT_TRUE(check) << st.ToString();
  EvalReport r = Evaluate(*check, rows, 0);
  EXPECT_GE(r.f1, 0.95) << FormatReport(r, true);
  EXPECT_LE(r.fpr, 0.01) << FormatReport(r, true);
  auto [blocked, total] = r.by_kind["evasion"];
  EXPECT_GE(double(blocked) / total, 0.95) << FormatReport(r, true);
}

TEST(EvalDev, CsvReaderFollowsRfc4180) {
  auto path = std::filesystem::temp_directory_path() / "tp_eval_test.csv";
  std::ofstream(path) << "text,expected,category,kind\n\"a, \"\"quoted\"\"\nline\",allow,none,benign\nplain,block,hate,plain";
  std::vector<LabeledText> rows;
  std::string error;
  ASSERT_TRUE(ReadLabeledCsv(path.string(), &rows, &error)) << error;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "a, \"quoted\"\nline");
  EXPECT_EQ(rows[1].kind, "plain");
  std::ofstream(path) << "text,expected\nx,allow\n";
  rows.clear();
  EXPECT_FALSE(ReadLabeledCsv(path.string(), &rows, &error));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace postern::text_policy
