// Extension registries: a second registration under a taken name is refused and
// reported, so the binary can refuse to start instead of silently using either.
#include <gtest/gtest.h>

#include "gateway/check.h"
#include "gateway/connector.h"
#include "gateway/tool.h"

namespace postern {
namespace {

class NamedFactory : public CheckFactory {
 public:
  explicit NamedFactory(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  ConfigSchema schema() const override { return {}; }
  std::unique_ptr<Check> Create(const json&, const CheckDeps&, Status*) const override { return nullptr; }

 private:
  std::string name_;
};

TEST(RegistryTest, TheShippedExtensionsRegisterEachNameOnce) {
  EXPECT_TRUE(RegistrationErrors().empty());
  for (const char* name : {"image_guard", "account_standing", "text_policy", "photoreal_face", "nsfw_image", "hash_match"})
    EXPECT_TRUE(CheckRegistry().count(name)) << name;
  for (const char* name : {"showcase", "webhook", "instagram"}) EXPECT_TRUE(ConnectorRegistry().count(name)) << name;
}

TEST(RegistryTest, ASecondRegistrationUnderOneNameIsAnError) {
  const auto* first = CheckRegistry().at("hash_match").get();
  EXPECT_FALSE(RegisterCheckFactory(std::make_unique<NamedFactory>("hash_match")));
  EXPECT_EQ(CheckRegistry().at("hash_match").get(), first);  // the first one stays
  const auto errors = RegistrationErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("check \"hash_match\" is registered twice"), std::string::npos) << errors[0];
  EXPECT_FALSE(RegisterTool("eval-text", Tool{"dup", [](const std::vector<std::string>&) { return 0; }}));
  EXPECT_EQ(RegistrationErrors().size(), 2u);
}

}  // namespace
}  // namespace postern
