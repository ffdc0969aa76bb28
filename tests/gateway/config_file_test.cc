// Configs are input too: nothing in a config file may crash or exhaust the loader, and
// each refusal names what is wrong.
#include "gateway/config/yaml_json.h"

#include <gtest/gtest.h>

#include "gateway/config/config.h"

namespace postern {
namespace {

std::string Refusal(const std::string& yaml) {
  json out;
  Status st = YamlToJson(yaml, &out);
  EXPECT_FALSE(st.ok()) << yaml << " gave " << out.dump();
  EXPECT_TRUE(st.IsInvalidConfig()) << st.ToString();
  return st.message();
}

TEST(ConfigFileTest, TopLevelMustBeAMapping) {
  EXPECT_NE(Refusal("- a\n- b\n").find("top level must be a mapping"), std::string::npos);
  EXPECT_NE(Refusal("word\n").find("top level must be a mapping"), std::string::npos);
  EXPECT_NE(Refusal("42\n").find("top level must be a mapping"), std::string::npos);
  json out;
  ASSERT_TRUE(YamlToJson("", &out).ok());
  EXPECT_EQ(out, json::object());
  ASSERT_TRUE(YamlToJson("# only a comment\n", &out).ok());
  EXPECT_EQ(out, json::object());
}

TEST(ConfigFileTest, AnchorsAndAliasesAreRefusedSoNoBombOrCycle) {
  EXPECT_NE(Refusal("a: &a [*a]\n").find("not allowed"), std::string::npos);
  EXPECT_NE(Refusal("x: &x 1\ny: *x\n").find("line 1"), std::string::npos);
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
  EXPECT_NE(Refusal(bomb).find("anchors"), std::string::npos);
}

TEST(ConfigFileTest, DuplicateKeysAreErrorsAtAnyDepth) {
  EXPECT_NE(Refusal("server: {}\nserver: {}\n").find("key \"server\" appears twice"), std::string::npos);
  EXPECT_NE(Refusal("server:\n  listen: a\n  listen: b\n").find("line 3"), std::string::npos);
}

TEST(ConfigFileTest, DepthSizeAndBytesAreBounded) {
  std::string deep = "a: " + std::string(100, '[') + std::string(100, ']') + "\n";
  EXPECT_NE(Refusal(deep).find("nested deeper"), std::string::npos);
  std::string huge = "a: \"" + std::string(kMaxConfigBytes, 'x') + "\"\n";
  EXPECT_NE(Refusal(huge).find("larger than"), std::string::npos);
  EXPECT_NE(Refusal(std::string("a: b\0c\n", 7)).find("not UTF-8"), std::string::npos);
  EXPECT_NE(Refusal("a: \xff\xfe\n").find("not UTF-8"), std::string::npos);
  EXPECT_NE(Refusal("a: [1, 2\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(Refusal("? [a, b]\n: c\n").find("plain words"), std::string::npos);
  EXPECT_NE(Refusal("--- {a: 1}\n--- {b: 2}\n").find("one YAML document"), std::string::npos);
}

TEST(ConfigFileTest, ScalarsGetCoreSchemaTypesAndQuotesStayStrings) {
  json out;
  ASSERT_TRUE(YamlToJson("a: true\nb: 12\nc: 1.5\nd: ~\ne: \"12\"\nf: word\ng: 99999999999999999999\n", &out).ok());
  EXPECT_EQ(out["a"], true);
  EXPECT_EQ(out["b"], 12);
  EXPECT_EQ(out["c"], 1.5);
  EXPECT_TRUE(out["d"].is_null());
  EXPECT_EQ(out["e"], "12");
  EXPECT_EQ(out["f"], "word");
  EXPECT_TRUE(out["g"].is_number_float());  // out of range for an integer: not silently clamped
}

TEST(ConfigFileTest, EveryScalarTypeWhereAnotherIsExpectedIsAPathedError) {
  for (const char* bad : {"server: [1]\n", "server: {workers: [1]}\n", "server: {workers: x}\n",
                          "plugins: {a: 1}\n", "plugins: [1, 2]\n", "auth: {keys: yes}\n",
                          "review: {reason_codes: [1, {a: b}]}\n", "delivery: {workers: 1.5}\n"}) {
    Config c;
    std::vector<std::string> errors;
    EXPECT_FALSE(ParseConfig(bad, "/tmp/x.yaml", &c, &errors).ok()) << bad;
    EXPECT_FALSE(errors.empty()) << bad;
  }
}

}  // namespace
}  // namespace postern
