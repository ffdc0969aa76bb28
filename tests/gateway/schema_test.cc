#include "gateway/schema.h"

#include <gtest/gtest.h>

namespace postern {

static ConfigSchema Sample() {
  ConfigField mode{"mode", FieldType::kString, "a"};
  mode.one_of = {"a", "b"};
  ConfigField inner{"items", FieldType::kObjectList, json::array()};
  inner.fields = {{"name", FieldType::kString, nullptr}};
  return {{"threshold", FieldType::kDouble, 0.5, 0.0, 1.0}, {"count", FieldType::kInt, 3, 1, 10},
          {"words", FieldType::kStringList, json::array()}, mode, inner};
}

TEST(SchemaTest, FillsDefaults) {
  std::vector<std::string> errors;
  json out = ValidateConfig(Sample(), json::object(), "p", &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(out["threshold"], 0.5);
  EXPECT_EQ(out["count"], 3);
  EXPECT_EQ(out["mode"], "a");
}

TEST(SchemaTest, ReportsEveryErrorWithItsPath) {
  std::vector<std::string> errors;
  json in = {{"threshold", 2.0}, {"count", "x"}, {"mode", "c"}, {"bogus", 1},
             {"items", {{{"nam", "typo"}}}}};
  ValidateConfig(Sample(), in, "plugins[1].config", &errors);
  std::string all;
  for (auto& e : errors) all += e + "\n";
  EXPECT_NE(all.find("plugins[1].config.threshold: 2.0 is outside [0.0, 1.0]"), std::string::npos) << all;
  EXPECT_NE(all.find("plugins[1].config.count: must be a int"), std::string::npos) << all;
  EXPECT_NE(all.find("plugins[1].config.mode: \"c\" is not one of a|b"), std::string::npos) << all;
  EXPECT_NE(all.find("plugins[1].config.bogus: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("plugins[1].config.items[0].name: required field is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("plugins[1].config.items[0].nam: unknown key"), std::string::npos) << all;
}

TEST(SchemaTest, IntegersAreAcceptedAsNumbers) {
  std::vector<std::string> errors;
  json out = ValidateConfig(Sample(), {{"threshold", 1}}, "p", &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(out["threshold"], 1);
}

}  // namespace postern
