#include "gateway/base/util.h"

#include <gtest/gtest.h>

namespace postern {

TEST(UtilTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(UtilTest, Base64RoundTripsEveryLength) {
  std::string s;
  for (int i = 0; i < 40; ++i) {
    std::string out;
    ASSERT_TRUE(Base64Decode(Base64Encode(s), &out)) << i;
    EXPECT_EQ(out, s);
    s.push_back(static_cast<char>(i * 37));
  }
}

TEST(UtilTest, Base64AcceptsMissingPaddingAndRejectsGarbage) {
  std::string out;
  ASSERT_TRUE(Base64Decode("aGk", &out));
  EXPECT_EQ(out, "hi");
  EXPECT_FALSE(Base64Decode("aGk!", &out));
  EXPECT_FALSE(Base64Decode("a", &out));
  EXPECT_FALSE(Base64Decode("aGk=\n", &out));
  EXPECT_FALSE(Base64Decode("data:image/png;base64,aGk=", &out));
}

TEST(UtilTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(UtilTest, IdsAreUniqueAndPrefixed) {
  std::string a = NewId("shr_"), b = NewId("shr_");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("shr_", 0), 0u);
  EXPECT_EQ(a.size(), 24u);
}

TEST(UtilTest, IsoTime) { EXPECT_EQ(IsoTime(0), "1970-01-01T00:00:00Z"); }

}  // namespace postern
