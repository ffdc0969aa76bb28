// Normalizer: one test per evasion technique, with cases written for these tests.
#include "plugins/text_policy/normalizer.h"

#include <gtest/gtest.h>

#include <random>

namespace postern::text_policy {
namespace {

std::string F(std::string_view s) { return Fold(s); }

TEST(Normalizer, LowercasesAndJoinsWordsWithOneSpace) {
  EXPECT_EQ(F("  Hello,   WORLD!!  "), "heio worid");  // 'l' folds into 'i'; runs collapse
  EXPECT_EQ(F("red-hot chili"), F("red hot chili"));
}

TEST(Normalizer, KeepsRunCountsWhenCollapsing) {
  NormalizedText t;
  Normalize("baaad", &t);
  EXPECT_EQ(t.text, "bad");
  EXPECT_EQ(t.run[1], 3);
  EXPECT_EQ(F("goooose"), F("goose"));
}

TEST(Normalizer, Leetspeak) {
  EXPECT_EQ(F("h4x0r"), F("haxor"));
  EXPECT_EQ(F("$w34r"), F("swear"));
  EXPECT_EQ(F("7r@!n"), F("train"));
  EXPECT_EQ(F("8urn3d"), F("burned"));
  // Numbers on their own stay numbers.
  EXPECT_EQ(F("1984 and 42"), "1984 and 42");
}

TEST(Normalizer, OneAndPipeAndCapitalIFoldLikeL) {
  EXPECT_EQ(F("1amp"), F("lamp"));
  EXPECT_EQ(F("IAMP"), F("lamp"));
  EXPECT_EQ(F("w|nd"), F("wind"));
}

TEST(Normalizer, Separators) {
  EXPECT_EQ(F("b.a.n.a.n.a"), F("banana"));
  EXPECT_EQ(F("b a n a n a"), F("banana"));
  EXPECT_EQ(F("b-a-n-a-n-a"), F("banana"));
  EXPECT_EQ(F("b_a_n_a_n_a"), F("banana"));
  EXPECT_EQ(F("b/a/n/a/n/a"), F("banana"));
  EXPECT_EQ(F("b|a|n|a|n|a"), F("banana"));
  // A wider gap is a word boundary inside a spaced run.
  EXPECT_EQ(F("r e d   f o x"), F("red fox"));
  EXPECT_EQ(F("r.e.d.-.f.o.x"), F("red fox"));
  // Two single letters are ordinary text ("e.g.").
  EXPECT_EQ(F("e.g. a cat"), "e g a cat");
}

TEST(Normalizer, SpacedLettersAreMarked) {
  NormalizedText t;
  Normalize("a d o g here", &t);
  EXPECT_EQ(t.text, "adog here");
  EXPECT_EQ(t.spaced[0], 1);
  EXPECT_EQ(t.spaced[5], 0);
}

TEST(Normalizer, RepeatedLetters) { EXPECT_EQ(F("wooooowwww"), F("wow")); }

TEST(Normalizer, CyrillicAndGreekLookAlikes) {
  EXPECT_EQ(F("\xD1\x81\xD0\xB0t"), "cat");                // Cyrillic с, а + Latin t
  EXPECT_EQ(F("\xCE\xBF\xCF\x81" "en"), "open");              // Greek ο, ρ
  EXPECT_EQ(F("\xD0\xA0\xD0\x90\xD0\xA0\xD0\x95R"), F("paper"));  // Cyrillic capitals
}

TEST(Normalizer, FullwidthAndMathematicalLetters) {
  EXPECT_EQ(F("\xEF\xBD\x90\xEF\xBD\x8C\xEF\xBD\x95\xEF\xBD\x8D"), F("plum"));  // ｐｌｕｍ
  EXPECT_EQ(F("\xF0\x9D\x90\x9C\xF0\x9D\x90\x9A\xF0\x9D\x90\xAD"), "cat");      // 𝐜𝐚𝐭
  EXPECT_EQ(F("\xF0\x9D\x95\x94\xF0\x9D\x95\x92\xF0\x9D\x95\xA5"), "cat");      // 𝕔𝕒𝕥
  EXPECT_EQ(F("\xE2\x93\x92\xE2\x93\x90\xE2\x93\xA3"), "cat");                  // ⓒⓐⓣ
}

TEST(Normalizer, DiacriticsAndCombiningMarks) {
  EXPECT_EQ(F("cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e"), F("creme brulee"));
  EXPECT_EQ(F("c\xCC\xB6" "a\xCC\x82t\xCC\x81"), "cat");  // strike-through, circumflex, acute
  EXPECT_EQ(F("b\xC3\xB8\xC3\xB8k"), F("book"));           // ø has no decomposition
}

TEST(Normalizer, InvisibleCharacters) {
  // U+200B, U+200C, U+200D, U+2060, U+FEFF, U+00AD between letters.
  EXPECT_EQ(F("c\xE2\x80\x8B" "a\xE2\x80\x8C" "t\xE2\x80\x8D" "s\xE2\x81\xA0" "u\xEF\xBB\xBF" "p\xC2\xAD"), "catsup");
}

TEST(Normalizer, MaskedLettersStayMaskedWithoutDictionary) {
  EXPECT_EQ(F("c#t"), "c*t");
  EXPECT_EQ(F("c%t"), "c*t");
  EXPECT_EQ(F("*so* cute"), "so cute");  // emphasis stars are not masks
  EXPECT_EQ(F("#selfharm #Cutting art"), F("selfharm cutting art"));  // hashtags are not masks
  EXPECT_EQ(F("#1 fan"), "1 fan");
}

TEST(Normalizer, MaskedLettersResolveFromDictionary) {
  struct Words : MaskDictionary {  // knows one word: "cattle" (folded "cattie")
    bool Resolve(std::string* w) const override {
      const std::string word = "cattie";
      if (w->size() != word.size()) return false;
      for (size_t i = 0; i < w->size(); ++i)
        if ((*w)[i] != '*' && (*w)[i] != word[i]) return false;
      return *w = word, true;
    }
  } dict;
  EXPECT_EQ(Fold("ca#tle", NormalizeOptions{true, &dict}), F("cattle"));
  EXPECT_EQ(Fold("bu*tle", NormalizeOptions{true, &dict}), "bu*tie");  // no fit: stays masked
}

TEST(Normalizer, RightToLeftOverrideIsReadInDisplayOrder) {
  EXPECT_EQ(F("\xE2\x80\xAE" "tac\xE2\x80\xAC dog"), "cat dog");
}

TEST(Normalizer, OffsetsPointIntoTheOriginalText) {
  std::string in = "a \xEF\xBD\x83\xEF\xBD\x81t!";  // "a ｃａt!"
  NormalizedText t;
  Normalize(in, &t);
  ASSERT_EQ(t.text, "a cat");
  EXPECT_EQ(in.substr(t.begin[2], t.end[4] - t.begin[2]), "\xEF\xBD\x83\xEF\xBD\x81t");
}

// Texts without letters written apart take a one-pass path, word by word; a trailing
// pop-directional-formatting mark (invisible, no unit) sends the same text down the full
// path, and every output field must agree.
TEST(Normalizer, WordByWordPathFoldsAsTheFullPathDoes) {
  std::vector<std::string> texts = {"Hello, WORLD", "a b c", "a b", "I 2 u", "x  y z", "L33t h4x0r 1984",
                                    "seeeex  tape", "k.i.l.l", "a-b-c", "9 to 5", "z", "", " \t\n",
                                    "p\xE2\x80\x8B" "e\xE2\x80\x8B" "n", "s\xCC\x81" "ex \xEF\xBD\x86" "a",
                                    "a \xE2\x80\x8B b c", "\xE2\x80\x94x\xE2\x80\x94y\xE2\x80\x94z"};
  std::mt19937 random(13);
  // ASCII, zero-width space, combining acute, Cyrillic a, fullwidth f, em dash, e acute, kana.
  const std::vector<std::string> pieces = {"a", "b", "e", "l", "L", "s", "S", "0", "1", "3", "7", " ", ".", ",", "-",
                                           "\t", "@", "$", "!", "#", "\xE2\x80\x8B", "\xCC\x81", "\xD0\xB0",
                                           "\xEF\xBD\x86", "\xE2\x80\x94", "\xC3\xA9", "\xE3\x81\x82", "|", "*"};
  for (int k = 0; k < 4000; ++k) {
    std::string t;
    for (size_t len = random() % 24; len > 0; --len) t += pieces[random() % pieces.size()];
    texts.push_back(t);
  }
  for (bool collapse : {true, false}) {
    for (const std::string& text : texts) {
      NormalizedText fast, full;
      Normalize(text, &fast, NormalizeOptions{collapse, nullptr});
      Normalize(text + "\xE2\x80\xAC", &full, NormalizeOptions{collapse, nullptr});
      ASSERT_EQ(fast.text, full.text) << text;
      EXPECT_EQ(fast.begin, full.begin) << text;
      EXPECT_EQ(fast.end, full.end) << text;
      EXPECT_EQ(fast.run, full.run) << text;
      EXPECT_EQ(fast.spaced, full.spaced) << text;
    }
  }
}

TEST(Normalizer, BadInputNeverCrashes) {
  EXPECT_EQ(F(std::string("ab\xFF\xFE" "cd\xC3", 7)), "ab cd");  // invalid and truncated UTF-8
  EXPECT_EQ(F("\xED\xA0\x80x"), "x");                          // an encoded surrogate
  EXPECT_EQ(F("\xE2\x80\x8B\xE2\x80\x8B\xE2\x81\xA0"), "");    // only invisible characters
  EXPECT_EQ(F(""), "");
  EXPECT_EQ(F(std::string(5, '\0')), "");
  std::string big(1 << 20, 'a');
  for (size_t i = 1; i < big.size(); i += 2) big[i] = ' ';  // "a a a a ...": one huge spaced run
  NormalizedText t;
  Normalize(big, &t);
  EXPECT_EQ(t.text, "a");
}

}  // namespace
}  // namespace postern::text_policy
