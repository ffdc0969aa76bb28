#include "gateway/config/config.h"

#include <gtest/gtest.h>

#include "tests/support/test_server.h"

namespace postern {

static std::string Errors(const std::string& yaml) {
  Config c;
  std::vector<std::string> errors;
  ParseConfig(yaml, "/tmp/x.yaml", &c, &errors);
  std::string all;
  for (auto& e : errors) all += e + "\n";
  return all;
}

TEST(ConfigTest, ShippedDefaultConfigIsValid) {
  Config c;
  std::vector<std::string> errors;
  Status st = LoadConfig(testing::SourceDir() + "/config/postern.yaml", &c, &errors);
  ASSERT_TRUE(st.ok()) << (errors.empty() ? st.ToString() : errors[0]);
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.plugins.front().name, "image_guard");
  EXPECT_EQ(c.sqlite_path, "var/postern.db");
  EXPECT_EQ(c.hash.size(), 64u);
}

TEST(ConfigTest, MinimalConfigGetsDefaults) {
  Config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(ParseConfig("plugins: [{name: image_guard}]\nconnectors: [{name: showcase}]\n", "/etc/p.yaml", &c, &errors).ok());
  EXPECT_EQ(c.plugins[0].mode, CheckMode::kEnforce);
  EXPECT_EQ(c.plugins[0].on_error, OnError::kHold);
  EXPECT_EQ(c.plugins[0].config["max_width"], 8192);
  EXPECT_EQ(c.default_destinations, std::vector<std::string>{"showcase"});
  EXPECT_EQ(c.strikes.strikes_to_deactivate, 3);
  EXPECT_EQ(c.dir, "/etc");
}

TEST(ConfigTest, UnknownKeysAndBadValuesNameTheirPath) {
  std::string e = Errors(
      "server: {listen: \"127.0.0.1:8080\", wrkers: 2}\n"
      "plugins:\n"
      "  - {name: image_guard, mode: loud, config: {max_width: 0}}\n"
      "  - {name: no_such_plugin}\n"
      "connectors: [{name: showcase}]\n"
      "review: {strikes_to_deactivate: 0}\n"
      "extra: 1\n");
  EXPECT_NE(e.find("server.wrkers: unknown key"), std::string::npos) << e;
  EXPECT_NE(e.find("plugins[0].mode: \"loud\" is not one of enforce|shadow"), std::string::npos) << e;
  EXPECT_NE(e.find("plugins[1].name: unknown plugin \"no_such_plugin\""), std::string::npos) << e;
  EXPECT_NE(e.find("review.strikes_to_deactivate: 0 is outside"), std::string::npos) << e;
  EXPECT_NE(e.find("extra: unknown key"), std::string::npos) << e;
}

TEST(ConfigTest, PluginConfigIsCheckedAgainstTheDeclaredSchema) {
  std::string e = Errors("plugins: [{name: image_guard, config: {max_width: 0, formats: [gif]}}]\nconnectors: [{name: showcase}]\n");
  EXPECT_NE(e.find("plugins[0].config.max_width: 0 is outside [1.0, 65535.0]"), std::string::npos) << e;
  EXPECT_NE(e.find("plugins[0].config.formats[0]: \"gif\" is not one of png|jpeg|webp"), std::string::npos) << e;
}

TEST(ConfigTest, DefaultDestinationsMustBeEnabledConnectors) {
  std::string e = Errors("plugins: [{name: image_guard}]\nconnectors: [{name: showcase}]\nshares: {default_destinations: [tiktok]}\n");
  EXPECT_NE(e.find("shares.default_destinations: \"tiktok\" is not an enabled connector"), std::string::npos) << e;
}

TEST(ConfigTest, BadYamlAndBadKeysAreErrors) {
  EXPECT_NE(Errors("plugins: [").find("not valid YAML"), std::string::npos);
  std::string e = Errors("auth: {keys: [{name: k, role: god, sha256: abc}]}\nconnectors: [{name: showcase}]\n");
  EXPECT_NE(e.find("auth.keys[0].role: \"god\" is not one of"), std::string::npos) << e;
  e = Errors("auth: {keys: [{name: k, role: admin, sha256: abc}]}\nconnectors: [{name: showcase}]\n");
  EXPECT_NE(e.find("auth.keys[0].sha256: must be 64 lower-case hex digits"), std::string::npos) << e;
}

TEST(ConfigTest, StorageIsSqliteByDefaultOrPostgresWhenNamedButNeverBoth) {
  const std::string rest = "plugins: [{name: image_guard}]\nconnectors: [{name: showcase}]\n";
  Config pg;
  std::vector<std::string> errors;
  ASSERT_TRUE(ParseConfig("storage: {postgres: {dsn: \"host=/run/pg dbname=postern\"}}\n" + rest, "/etc/p.yaml",
                          &pg, &errors).ok()) << (errors.empty() ? "" : errors[0]);
  EXPECT_EQ(pg.postgres_dsn, "host=/run/pg dbname=postern");
  EXPECT_EQ(pg.postgres_pool_size, 8);  // the schema's default
  EXPECT_EQ(pg.sqlite_path, "");        // the sqlite default does not apply
  std::string both = Errors("storage: {sqlite: var/p.db, postgres: {dsn: \"dbname=p\", pool_size: 4}}\n" + rest);
  EXPECT_NE(both.find("storage: set one of storage.sqlite and storage.postgres, not both"), std::string::npos) << both;
  std::string no_dsn = Errors("storage: {postgres: {pool_size: 4}}\n" + rest);
  EXPECT_NE(no_dsn.find("storage.postgres.dsn: required"), std::string::npos) << no_dsn;
  std::string pool = Errors("storage: {postgres: {dsn: \"dbname=p\", pool_size: 0}}\n" + rest);
  EXPECT_NE(pool.find("storage.postgres.pool_size: 0 is outside"), std::string::npos) << pool;
}

}  // namespace postern
