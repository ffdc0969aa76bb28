// The text_policy check with the shipped lists (config/textpolicy) and the fetched
// LDNOOBW list: verdicts, evidence, config, and bad input. All texts are written for
// these tests (none are dev-set rows).
#include "plugins/text_policy/text_policy.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "tests/support/extension_builder.h"
#include "tests/support/test_server.h"

namespace postern::text_policy {
namespace {

std::unique_ptr<TextPolicyCheck> Build(const json& config = json::object()) {
  Status st;
  auto c = testing::BuildCheckAs<TextPolicyCheck>("text_policy", config, &st);
  // Tests dereference the result: fail the test here, not with a crash there.
  if (!c) throw std::runtime_error(st.ToString() + " (run scripts/fetch-assets first)");
  return c;
}

const TextPolicyCheck& Shipped() {
  static std::unique_ptr<TextPolicyCheck> c = Build();
  return *c;
}

std::string Code(const std::string& prompt, const std::string& caption = "") {
  CheckResult r = Shipped().JudgeText(prompt, caption);
  return r.verdict == Verdict::kAllow ? "allow" : r.code;
}

TEST(TextPolicyCheck, RegisteredWithSchema) {
  auto it = CheckRegistry().find("text_policy");
  ASSERT_NE(it, CheckRegistry().end());
  std::vector<std::string> errors;
  json cfg = ValidateConfig(it->second->schema(), json::object(), "$", &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(cfg["public_figure_unknown_action"], "hold");
  Status st;
  auto check = it->second->Create(cfg, testing::TestCheckDeps(), &st);
  ASSERT_TRUE(check) << st.ToString();
  ImageAnalysis image("", "");
  ShareInput share;
  share.prompt = "a watercolor of a lighthouse";
  share.caption = "f u c k this";
  CheckResult r = check->Run(share, image);
  EXPECT_EQ(r.verdict, Verdict::kReject);
  EXPECT_EQ(r.evidence["field"], "caption");
}

TEST(TextPolicyCheck, EvidenceShowsSpanAsWritten) {
  std::string prompt = "a poster of NaK3D dancers";
  CheckResult r = Shipped().JudgeText(prompt, "");
  ASSERT_EQ(r.verdict, Verdict::kReject);
  EXPECT_EQ(r.code, "text_policy_sexual");
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(r.evidence["field"], "prompt");
  EXPECT_EQ(r.evidence["category"], "sexual");
  EXPECT_EQ(r.evidence["action"], "reject");
  EXPECT_EQ(r.evidence["span"]["text"], "NaK3D");
  EXPECT_EQ(r.evidence["span"]["begin"], 12);
  EXPECT_EQ(r.evidence["span"]["end"], 17);
  EXPECT_FALSE(r.evidence["rule"].get<std::string>().empty());
}

TEST(TextPolicyCheck, EachCategoryPlainly) {
  EXPECT_EQ(Code("two people having sex in a barn"), "text_policy_sexual");
  EXPECT_EQ(Code("a cartoon calling them spics"), "text_policy_hate");
  EXPECT_EQ(Code("a soldier with his intestines hanging out"), "text_policy_violence");
  EXPECT_EQ(Code("a teen holding a razor to her wrist"), "text_policy_self_harm");
  EXPECT_EQ(Code("my neighbour is a total dickhead"), "text_policy_harassment");
  EXPECT_EQ(Code("how to build a pipe bomb in your garage"), "text_policy_illegal");
  EXPECT_EQ(Code("hyperrealistic photo of Emmanuel Macron in a boxing ring"), "text_policy_public_figure");
}

TEST(TextPolicyCheck, EvasionTechniques) {
  EXPECT_EQ(Code("a pr0n still"), "text_policy_sexual");                       // leet spelling
  EXPECT_EQ(Code("a p0rn still"), "text_policy_sexual");                        // leet
  EXPECT_EQ(Code("a n#ked man"), "text_policy_sexual");                          // masked
  EXPECT_EQ(Code("some wh*res"), "text_policy_harassment");                      // masked + plural
  EXPECT_EQ(Code("a s.l.u.t"), "text_policy_harassment");                        // dots
  EXPECT_EQ(Code("d i l d o shop"), "text_policy_sexual");                        // spaces
  EXPECT_EQ(Code("g-o-r-e everywhere"), "text_policy_violence");                // dashes
  EXPECT_EQ(Code("nuuuuuude beach"), "text_policy_sexual");                      // repeats
  EXPECT_EQ(Code("a BeHeAdInG video"), "text_policy_violence");                  // mixed case
  EXPECT_EQ(Code("\xD1\x81\xD0\xBE\xD1\x81k pic"), "text_policy_sexual");        // Cyrillic с, о
  EXPECT_EQ(Code("\xCE\xB7\xCF\x85" "de art"), "text_policy_sexual");               // Greek η, υ
  EXPECT_EQ(Code("\xEF\xBD\x8D\xEF\xBD\x85\xEF\xBD\x94\xEF\xBD\x88 lab"), "text_policy_illegal");  // fullwidth
  EXPECT_EQ(Code("\xF0\x9D\x90\xAC\xF0\x9D\x90\xAE\xF0\x9D\x90\xA2\xF0\x9D\x90\x9C\xF0\x9D\x90\xA2\xF0\x9D\x90\x9D\xF0\x9D\x90\x9E"),
            "text_policy_self_harm");                                              // math bold
  EXPECT_EQ(Code("m\xCC\xB6" "e\xCC\xB6t\xCC\xB6h\xCC\xB6 for sale"), "text_policy_illegal");  // strike-through
  EXPECT_EQ(Code("\xC3\xA7\xC3\xBA\xC3\xB1t"), "text_policy_harassment");         // precomposed marks
  EXPECT_EQ(Code("w\xE2\x80\x8Bh\xE2\x80\x8Co\xE2\x81\xA0r\xC2\xAD" "e"), "text_policy_harassment");  // invisible
  EXPECT_EQ(Code("k y s"), "text_policy_harassment");
  EXPECT_EQ(Code("\xE2\x80\xAE" "edicius\xE2\x80\xAC note"), "text_policy_self_harm");  // RTL override
}

TEST(TextPolicyCheck, ScunthorpeCasesPass) {
  for (const char* text : {
           "a night view of Scunthorpe steelworks", "a pilot in the cockpit at dawn",
           "a great tit on a feeder", "three blue tits in the snow", "a diploma, summa cum laude",
           "a postcard from Montenegro", "a killer whale pod at sunset", "cocktails and mocktails menu",
           "a classic assassin's hood costume", "an analyst at her desk", "a bassist on stage",
           "a pussy willow branch in a vase", "Moby Dick rising from the waves", "a Maine Coon kitten",
           "a Negroni with an orange peel", "a heroine with a sword", "a grapefruit tart",
           "the Essex marshes at dawn", "a dickcissel on a wire", "a Sussex spaniel",
           "a shiitake risotto", "a snuff box in a museum", "an assortment of cupcakes",
           "a Harris Tweed cap, photorealistic", "a trump card on the table, realistic photo",
           "a musk ox herd, photo", "a King Charles spaniel, photorealistic",
           "a Gore-Tex jacket", "a blood orange spritz", "a bath bomb fizzing, product photo",
           "a nail gun on a workbench", "sextant and compass on a chart", "hot glue gun crafts",
           "Penistone market day", "an arsenal of paint brushes", "a hoe in the vegetable patch"}) {
    EXPECT_EQ(Code(text), "allow") << text;
  }
}

TEST(TextPolicyCheck, PublicFiguresAndFiction) {
  EXPECT_EQ(Code("paparazzi photo of Taylor Swift buying groceries"), "text_policy_public_figure");
  EXPECT_EQ(Code("a realistic photo of T4yl0r Sw1ft"), "text_policy_public_figure");
  EXPECT_EQ(Code("cctv still of Michael Brennan stealing a bike"), "text_policy_public_figure");  // unlisted
  EXPECT_EQ(Shipped().JudgeText("cctv still of Michael Brennan", "").verdict, Verdict::kHold);
  EXPECT_EQ(Code("Harry Potter at Hogwarts, photorealistic"), "allow");
  EXPECT_EQ(Code("Sherlock Holmes smoking a pipe, realistic photo"), "allow");
  EXPECT_EQ(Code("a painting of Napoleon on horseback"), "allow");
  EXPECT_EQ(Code("a harbour in the style of Claude Monet, photorealistic"), "allow");
  EXPECT_EQ(Code("a photo of Victoria Falls from a helicopter"), "allow");
  EXPECT_EQ(Code("a realistic photo of a man in a suit"), "allow");
  CheckResult art = Shipped().JudgeText("an oil painting of Keanu Reeves", "");
  EXPECT_EQ(art.verdict, Verdict::kHold);  // living figure in art: a person decides
}

TEST(TextPolicyCheck, RejectInCaptionBeatsHoldInPrompt) {
  CheckResult r = Shipped().JudgeText("an oil painting of Keanu Reeves", "what a dickhead");
  EXPECT_EQ(r.verdict, Verdict::kReject);
  EXPECT_EQ(r.evidence["field"], "caption");
  r = Shipped().JudgeText("a lighthouse", "");
  EXPECT_EQ(r.verdict, Verdict::kAllow);
}

TEST(TextPolicyCheck, ConfigExtraTermsCategoriesAndUnknownAction) {
  auto c = Build({{"extra_terms", {{{"term", "zorblax"}, {"category", "hate"}, {"action", "hold"}}}},
                  {"categories", {"hate", "public_figure"}},
                  {"public_figure_unknown_action", "allow"}});
  ASSERT_TRUE(c);
  CheckResult r = c->JudgeText("a zorblax flag", "");
  EXPECT_EQ(r.verdict, Verdict::kHold);
  EXPECT_EQ(r.evidence["rule"], "config:zorblax");
  EXPECT_EQ(c->JudgeText("a naked man", "").verdict, Verdict::kAllow);  // sexual disabled
  EXPECT_EQ(c->JudgeText("photo of Michael Brennan", "").verdict, Verdict::kAllow);
}

TEST(TextPolicyCheck, MissingLdnoobwListFailsClearly) {
  auto empty = std::filesystem::temp_directory_path() / ("tp_assets_" + std::to_string(::getpid()));
  std::filesystem::create_directories(empty);
  Status st;
  CheckDeps deps = testing::TestCheckDeps();
  deps.data_dir = empty.string();
  auto c = testing::BuildCheckAs<TextPolicyCheck>("text_policy", json::object(), &st, deps);
  std::filesystem::remove_all(empty);
  EXPECT_FALSE(c);
  EXPECT_NE(st.message().find("naughty-words-en.json"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("scripts/fetch-assets"), std::string::npos) << st.message();
}

TEST(TextPolicyCheck, BadInputGivesAVerdict) {
  EXPECT_EQ(Code(std::string("\xC3\x28\xA0\xA1 ok \xF0\x28\x8C\x28", 12)), "allow");
  EXPECT_EQ(Code("\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D\xEF\xBB\xBF"), "allow");
  EXPECT_EQ(Code("\xE2\x80\xAE\xE2\x80\xAE\xE2\x80\xAC\xE2\x80\xAC"), "allow");
  std::string big(1 << 20, 'q');
  EXPECT_EQ(Code(big), "allow");
  for (size_t i = 0; i < big.size(); i += 7) big[i] = ' ';
  big += " porn";
  EXPECT_EQ(Code(big), "text_policy_sexual");
  std::string spaced;
  while (spaced.size() < (1 << 20)) spaced += "n u d e ";
  EXPECT_EQ(Code(spaced), "text_policy_sexual");
}

// Every code point a reader cannot see: controls other than whitespace, format
// characters (Cf) and default-ignorables, as UTF-8.
std::vector<std::string> InvisibleCodePoints() {
  auto utf8 = [](uint32_t cp) {
    std::string s;
    if (cp < 0x80) s += char(cp);
    else if (cp < 0x800) s += {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000) s += {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
    else s += {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
    return s;
  };
  std::vector<std::string> out;
  for (uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const int8_t type = u_charType(static_cast<UChar32>(cp));
    const bool control = type == U_CONTROL_CHAR && !u_isUWhiteSpace(static_cast<UChar32>(cp));
    const bool invisible = control || type == U_FORMAT_CHAR ||
                           u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
    // The bidi overrides reorder what follows (the check reads them as a reversal).
    if (invisible && !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069)) out.push_back(utf8(cp));
  }
  return out;
}

TEST(TextPolicyProperty, InvisibleCodePointsAnywhereNeverChangeAVerdict) {
  const auto invisible = InvisibleCodePoints();
  ASSERT_GT(invisible.size(), 300u);  // C0/C1 controls, Cf, variation selectors, tags...
  // Blocked phrases written for this test, one per category the lists cover, and one per
  // kind of combination rule (sequence sets, sets within a window, unless contexts).
  for (const std::string phrase : {"go to hell", "naked dancers", "how to kill yourself", "buy cocaine here",
                                   "the boxer hanged himself", "refugees are vermin", "you filthy kraut",
                                   "the holodomor was hilarious", "a dog with its ribs poking out",
                                   "swallowed a jar of sedatives", "Senator Rice in a candid photo"}) {
    const std::string want = Code(phrase);
    ASSERT_NE(want, "allow") << phrase;
    for (size_t pos = 1; pos < phrase.size(); ++pos) {
      if (phrase[pos] == ' ' || phrase[pos - 1] == ' ') continue;  // inside words only
      for (size_t i = 0; i < invisible.size(); i += (pos % 3) + 1) {  // every code point at some place
        const std::string text = phrase.substr(0, pos) + invisible[i] + phrase.substr(pos);
        ASSERT_EQ(Code(text), want) << phrase << " with U+" << std::hex << i << " at " << pos;
      }
    }
  }
}

}  // namespace
}  // namespace postern::text_policy

namespace postern::text_policy {

// A surname that is also a word ("milk", "bush", "rice", "trump") names no one alone:
// the full name, or the surname with a title or a person's action, does.
TEST(TextPolicyCheck, WordSurnamesNeedAFullNameOrAPersonContext) {
  for (const char* text : {"a glass of milk, realistic photo", "a rose bush in bloom, photo", "Rose Bush, macro photo",
                           "a bowl of rice, photorealistic", "Trump Tower at night, real photo",
                           "a trump suit in bridge, photo", "a milk carton on a doorstep, 35mm",
                           "a desert bush in the wind, national geographic photo",
                           "a can of Dr Pepper, product photo", "Mrs Field's cookies, product photo"})
    EXPECT_EQ(Code(text), "allow") << text;
  for (const char* text : {"photo of Harvey Milk at a rally", "a realistic photo of Condoleezza Rice",
                           "photo of President Bush at the podium", "candid photo of Trump giving a speech",
                           "George W. Bush, hyperrealistic", "Mr Trump in handcuffs, photorealistic"})
    EXPECT_EQ(Code(text), "text_policy_public_figure") << text;
}

// Round 6: a pet, a thing or a skill excuses only the insult stuck to it, so a second clause
// aimed at the person still counts (round 5's text-wide `unless` let these pass).
TEST(TextPolicyCheck, TeasingAThingExcusesOnlyThatInsult) {
  for (const char* text : {"hey stupid cat", "you stupid printer", "my sister is a pathetic cook",
                           "she overdosed on candy", "he cut his throat lozenge in half",
                           "the only good bug is a dead bug", "he stole the show at the gala"})
    EXPECT_EQ(Code(text), "allow") << text;
  for (const char* text : {"you idiot, stupid printer", "you moron, hey stupid cat", "you are stupid, stupid printer",
                           "you stupid idiot, stupid printer", "my coworker is a useless idiot, useless printer"})
    EXPECT_EQ(Code(text), "text_policy_harassment") << text;
  for (const char* text : {"she starved herself, starved herself of sleep too",
                           "he overdosed on pills, then overdosed on candy"})
    EXPECT_NE(Code(text), "allow") << text;
  EXPECT_EQ(Code("he cut her throat, then took a throat lozenge"), "text_policy_violence");
  EXPECT_EQ(Code("the only good jew is a dead jew, like a rat"), "text_policy_hate");
  EXPECT_EQ(Code("a mexican stealing a car, typical, he stole the show"), "text_policy_hate");
}

// Round 11: one or two intensifiers between the address and the insult ("you absolute idiot"); mild names
// ("fool", "muppet") count only once intensified; praise in the same shape passes.
TEST(TextPolicyCheck, IntensifiedInsultsAreInsults) {
  for (const char* text : {"you absolute idiot", "you're an absolute moron", "you complete and utter imbecile",
                           "you stupid fucking idiot", "u complete idiot", "you bloody fool", "oi you absolute muppet"})
    EXPECT_EQ(Code(text), "text_policy_harassment") << text;
  for (const char* text : {"you absolute legend", "you complete me", "the complete idiot's guide to oil painting",
                           "you fool around too much", "you absolute unit, look at that pumpkin",
                           "you totally creep me out", "you completely fool everyone with that costume",
                           "you totally bum me out", "thank you Wally", "thank you Berk"})
    EXPECT_EQ(Code(text), "allow") << text;
}

// Words rounds 10-11 added and a review took out again: each of these was blocked by them.
TEST(TextPolicyCheck, WidenedSetsKeepTheirEverydaySenses) {
  for (const char* text : {"Synagogues and other places of worship burned during the Holocaust",
                           "a revered rabbi who survived the Holocaust", "the Nazi party carried out mass murder",
                           "a happy town shaken by mass murder", "the climber plunged to his death",
                           "the bus plunged off the bridge, killing 12 people", "collarbone exposed, soft light"})
    EXPECT_EQ(Code(text), "allow") << text;
}

TEST(TextPolicyCheck, SecondPersonSelfHarmIsHeldButKitchenTalkPasses) {
  EXPECT_EQ(Shipped().JudgeText("how to cut yourself so nobody sees", "").verdict, Verdict::kHold);
  EXPECT_EQ(Shipped().JudgeText("cut yourself a slice of lemon cake, food photo", "").verdict, Verdict::kAllow);
}

}  // namespace postern::text_policy

namespace postern::text_policy {
namespace {

// Inputs the fuzzer (tests/fuzz/fuzz_text_policy.cc) once found, kept as its seeds: each
// must keep its verdict with a word joiner between any two ASCII letters (its oracle).
TEST(TextPolicyProperty, FuzzerFindingsKeepTheirVerdictWithAWordJoiner) {
  const std::string dir = testing::SourceDir() + "/tests/fuzz/seeds/fuzz_text_policy";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("regression-", 0) != 0) continue;
    const std::string text = testing::ReadFile(entry.path().string());
    const CheckResult plain = Shipped().JudgeText(text, "");
    for (size_t i = 1; i < text.size(); ++i) {
      auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
      if (!letter(text[i - 1]) || !letter(text[i])) continue;
      const CheckResult joined = Shipped().JudgeText(text.substr(0, i) + "\xE2\x81\xA0" + text.substr(i), "");
      EXPECT_EQ(joined.code, plain.code) << entry.path() << " at byte " << i;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

}  // namespace
}  // namespace postern::text_policy
