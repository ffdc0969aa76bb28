// Matcher and list loading, on small rule books written for these tests (the shipped
// lists are exercised in text_policy_test.cc).
#include "plugins/text_policy/matcher.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace postern::text_policy {
namespace {

Term T(const std::string& text, const std::string& cat, MatchMode mode = MatchMode::kWord,
       Action action = Action::kReject) {
  return Term{text, cat, action, mode, "test"};
}

RuleBook Book() {
  RuleBook b;
  b.terms = {T("grape", "violence"),  T("bomb", "illegal"),
             T("ass", "harassment"), T("wick", "sexual", MatchMode::kPrefix),
             T("zzq", "hate", MatchMode::kInside), T("red panda", "hate", MatchMode::kWord, Action::kHold),
             T("blob", "sexual")};
  b.allow = {"grape harvest", "bath bomb"};
  b.sets["famous"] = {MatchMode::kWord, {"ada lovelace", "lovelace"}};
  b.sets["photo"] = {MatchMode::kWord, {"photo", "photorealistic"}};
  b.sets["style_before"] = {MatchMode::kWord, {"style of"}};
  b.sets["verb"] = {MatchMode::kWord, {"paint"}};
  b.sets["thing"] = {MatchMode::kWord, {"fence"}};
  b.sets["photoreal_context"] = b.sets["photo"];
  b.sets["given_names"] = {MatchMode::kWord, {"grace", "alan"}};
  b.sets["name_stopwords"] = {MatchMode::kWord, {"park"}};
  b.sets["style_cue_before"] = {MatchMode::kWord, {"by", "style of"}};
  b.sets["style_cue_after"] = {MatchMode::kWord, {"style"}};
  PhraseRule figure{"figure_photo", "public_figure", Action::kReject, {"famous", "photo"}, 0, false,
                    "style_before", "", "test"};
  PhraseRule paint{"paint_fence", "violence", Action::kHold, {"verb", "thing"}, 2, true, "", "", "test"};
  b.rules = {figure, paint};
  return b;
}

std::unique_ptr<Matcher> Compile(const RuleBook& b, MatcherOptions opt = {}) {
  Status st;
  auto m = Matcher::Compile(b, opt, &st);
  // Tests dereference the result: fail the test here, not with a crash there.
  if (!m) throw std::runtime_error("Matcher::Compile: " + st.ToString());
  return m;
}

std::string Rule(const Matcher& m, const std::string& text) {
  auto f = m.Judge(text);
  return f ? f->rule : "allow";
}

TEST(Matcher, WholeWordPrefixAndInsideModes) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "a grape"), "test:grape");
  EXPECT_EQ(Rule(*m, "grapefruit"), "allow");          // word mode: not inside a word
  EXPECT_EQ(Rule(*m, "a wickedness"), "test:wick");   // prefix mode
  EXPECT_EQ(Rule(*m, "candlewick"), "allow");
  EXPECT_EQ(Rule(*m, "abczzqdef"), "test:zzq");        // inside mode
}

TEST(Matcher, PluralOfAWordTerm) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "three grapes"), "test:grape");
  EXPECT_EQ(Rule(*m, "grapeseed"), "allow");
}

TEST(Matcher, AllowPhraseCancelsOverlappingMatch) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "the grape harvest festival"), "allow");
  EXPECT_EQ(Rule(*m, "lavender bath bombs"), "allow");  // also covers the plural
  EXPECT_EQ(Rule(*m, "a bomb and a bath bomb"), "test:bomb");
}

TEST(Matcher, RepeatedLettersMustCoverThePattern) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "as if"), "allow");  // "ass" folds to "as" but needs two s
  EXPECT_EQ(Rule(*m, "what an @$$"), "test:ass");
  EXPECT_EQ(Rule(*m, "what an aaasssss"), "test:ass");
}

TEST(Matcher, SpanIsTheTextAsWritten) {
  auto m = Compile(Book());
  std::string text = "look: a b.l.0.b here";
  auto f = m->Judge(text);
  ASSERT_TRUE(f);
  EXPECT_EQ(text.substr(f->begin, f->end - f->begin), "b.l.0.b");
  EXPECT_EQ(f->category, "sexual");
  std::string cyr = "a b\xD0\xBEmb";  // Cyrillic о
  f = m->Judge(cyr);
  ASSERT_TRUE(f);
  EXPECT_EQ(cyr.substr(f->begin, f->end - f->begin), "b\xD0\xBEmb");
  std::string zw = "a bo\xE2\x80\x8Bmb!";
  f = m->Judge(zw);
  ASSERT_TRUE(f);
  EXPECT_EQ(zw.substr(f->begin, f->end - f->begin), "bo\xE2\x80\x8Bmb");
}

TEST(Matcher, LettersWrittenApartMatchInsideTheRun) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "a b o m b"), "test:bomb");  // the article joins the run
}

TEST(Matcher, MaskedLettersResolveToKnownWords) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "a gr#pe"), "test:grape");
  EXPECT_EQ(Rule(*m, "a b%mb"), "test:bomb");
  EXPECT_EQ(Rule(*m, "5 * 3 = 15"), "allow");
}

TEST(Matcher, RejectBeatsHoldThenEarliest) {
  auto m = Compile(Book());
  auto f = m->Judge("a red panda with a grape");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rule, "test:grape");
  f = m->Judge("a red panda");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->action, Action::kHold);
  std::vector<Finding> all;
  m->FindAll("grape bomb", &all);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rule, "test:grape");
}

TEST(Matcher, PhraseRuleNeedsEverySet) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "Ada Lovelace at her desk"), "allow");
  EXPECT_EQ(Rule(*m, "photo of Ada Lovelace at her desk"), "test:rule:figure_photo");
  EXPECT_EQ(Rule(*m, "Lovelace, photorealistic"), "test:rule:figure_photo");
  // not_after: a style reference is not a depiction.
  EXPECT_EQ(Rule(*m, "a photo in the style of Lovelace"), "allow");
}

TEST(Matcher, PhraseRuleWindowAndOrder) {
  auto m = Compile(Book());
  EXPECT_EQ(Rule(*m, "paint the fence"), "test:rule:paint_fence");
  EXPECT_EQ(Rule(*m, "paint a long white fence"), "allow");  // 3 words apart
  EXPECT_EQ(Rule(*m, "fence paint"), "allow");              // ordered
}

TEST(Matcher, UnnamedPersonInPhotorealRequest) {
  auto m = Compile(Book());
  auto f = m->Judge("a photo of Grace Whitfield at the beach");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rule, "public_figure:unnamed_person");
  EXPECT_EQ(f->action, Action::kHold);
  EXPECT_EQ(Rule(*m, "Grace Whitfield at the beach"), "allow");     // no photoreal cue
  EXPECT_EQ(Rule(*m, "a photo of Grace Park at dawn"), "allow");    // a place
  EXPECT_EQ(Rule(*m, "a photo by Alan Smithee"), "allow");          // a credit, not a subject
  EXPECT_EQ(Rule(*m, "Alan Smithee style photo"), "allow");
  EXPECT_EQ(Rule(*m, "a photo of grace whitfield"), "allow");       // not capitalised
  MatcherOptions reject;
  reject.unnamed_person_action = Action::kReject;
  EXPECT_EQ(Compile(Book(), reject)->Judge("photo of Alan Moore")->action, Action::kReject);
  MatcherOptions off;
  off.unnamed_person_enabled = false;
  EXPECT_EQ(Rule(*Compile(Book(), off), "photo of Alan Moore"), "allow");
}

TEST(Matcher, DisabledCategoriesAreSkipped) {
  MatcherOptions opt;
  opt.categories = {"illegal"};
  auto m = Compile(Book(), opt);
  EXPECT_EQ(Rule(*m, "a grape"), "allow");
  EXPECT_EQ(Rule(*m, "a bomb"), "test:bomb");
}

TEST(Matcher, UnknownSetInRuleIsAnError) {
  RuleBook b = Book();
  b.rules.push_back({"broken", "hate", Action::kReject, {"nope"}, 0, false, "", "", "test"});
  Status st;
  EXPECT_FALSE(Matcher::Compile(b, {}, &st));
  EXPECT_NE(st.message().find("nope"), std::string::npos);
}

TEST(Matcher, HugeAdversarialInputFinishes) {
  auto m = Compile(Book());
  std::string big;
  while (big.size() < (1 << 20)) big += "photo Lovelace paint grape harvest b.o.m.b ";
  std::vector<Finding> all;
  m->FindAll(big, &all);
  EXPECT_FALSE(all.empty());
  std::string bidi;
  while (bidi.size() < (1 << 20)) bidi += "\xE2\x80\xAE" "bmob\xE2\x80\xAC ";
  EXPECT_EQ(Rule(*m, bidi), "test:bomb");  // right-to-left override shows "bomb"
}

class ListFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tp_lists_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& body) {
    std::ofstream(dir_ / name) << body;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ListFileTest, LoadsTermsAllowSetsAndRules) {
  std::string f = Write("a.yaml", R"(
category: hate
action: hold
terms:
  - plainword
  - {term: pre, match: prefix, action: reject}
  - {term: other, category: violence}
allow: [plainword cake]
sets:
  s1: [alpha]
  s2: {match: prefix, terms: [bet]}
rules:
  - {name: r, all_of: [s1, s2], window: 3, ordered: true}
)");
  RuleBook b;
  ASSERT_TRUE(LoadListPath(f, "", &b).ok());
  ASSERT_EQ(b.terms.size(), 3u);
  EXPECT_EQ(b.terms[0].action, Action::kHold);
  EXPECT_EQ(b.terms[1].mode, MatchMode::kPrefix);
  EXPECT_EQ(b.terms[2].category, "violence");
  EXPECT_EQ(b.terms[0].list, "a");
  EXPECT_EQ(b.sets["s2"].mode, MatchMode::kPrefix);
  ASSERT_EQ(b.rules.size(), 1u);
  EXPECT_TRUE(b.rules[0].ordered);
  EXPECT_EQ(b.rules[0].category, "hate");
}

TEST_F(ListFileTest, SourceListWithExcludesAndOverrides) {
  Write("words.json", R"(["one", "two", "three"])");
  std::string f = Write("b.yaml", "source: {file: words.json}\ncategory: sexual\nexclude: [two]\n"
                                  "overrides:\n  three: {category: hate, action: hold}\n");
  RuleBook b;
  ASSERT_TRUE(LoadListPath(f, dir_.string(), &b).ok());
  ASSERT_EQ(b.terms.size(), 2u);
  EXPECT_EQ(b.terms[1].category, "hate");
  EXPECT_EQ(b.terms[1].action, Action::kHold);
}

TEST_F(ListFileTest, MissingSourceNamesTheFileAndTheFetchScript) {
  std::string f = Write("c.yaml", "source: {file: textpolicy/none.json}\ncategory: sexual\n");
  RuleBook b;
  Status st = LoadListPath(f, dir_.string(), &b);
  EXPECT_EQ(st.code(), ::postern::StatusCode::kIOError);
  EXPECT_NE(st.message().find("textpolicy/none.json"), std::string::npos);
  EXPECT_NE(st.message().find("scripts/fetch-assets"), std::string::npos);
}

TEST_F(ListFileTest, RejectsBadLists) {
  RuleBook b;
  EXPECT_FALSE(LoadListPath(Write("d.yaml", "category: nonsense\nterms: [x]\n"), "", &b).ok());
  EXPECT_FALSE(LoadListPath(Write("e.yaml", "category: hate\nterms: [x]\ntypo: 1\n"), "", &b).ok());
  EXPECT_FALSE(LoadListPath(Write("f.yaml", "terms: [x]\n"), "", &b).ok());  // no category
  EXPECT_FALSE(LoadListPath(Write("g.yaml", "category: hate\naction: maybe\n"), "", &b).ok());
  EXPECT_FALSE(LoadListPath(Write("h.yaml", "[unclosed\n"), "", &b).ok());
  EXPECT_FALSE(LoadListPath((dir_ / "missing.yaml").string(), "", &b).ok());
}

TEST_F(ListFileTest, LoadsSequenceSetsAndUnless) {
  RuleBook b;
  Status st = LoadListPath(Write("seq.yaml", "category: self_harm\nsets:\n  a: [x]\n  b: [y]\n  ab: {sequence: [a, b]}\n"
                                             "  c: [z]\n  d: [x y]\nrules:\n"
                                             "  - {name: r, all_of: [ab], unless: [c], unless_overlapping: [d]}\n"),
                           "", &b);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(b.sets["ab"].sequence, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(b.rules.size(), 1u);
  EXPECT_EQ(b.rules[0].unless, std::vector<std::string>{"c"});
  EXPECT_EQ(b.rules[0].unless_overlapping, std::vector<std::string>{"d"});
}

TEST_F(ListFileTest, MalformedRulesAndSetsSayWhatIsWrong) {
  auto error = [&](const std::string& body) {
    RuleBook b;
    Status st = LoadListPath(Write("bad.yaml", "category: self_harm\n" + body), "", &b);
    return st.ok() ? std::string("ok") : st.message();
  };
  EXPECT_NE(error("rules:\n  - {name: r, all_of: [a], unles: [c]}\n").find("unknown key 'unles'"), std::string::npos);
  EXPECT_NE(error("rules:\n  - {name: r, all_of: [a], window: -2}\n").find("window"), std::string::npos);
  EXPECT_NE(error("rules:\n  - {all_of: [a]}\n").find("a rule is a map with a name"), std::string::npos);
  EXPECT_NE(error("sets:\n  s: {sequence: [a]}\n").find("at least two sets"), std::string::npos);
  EXPECT_NE(error("sets:\n  s: {terms: [a], sequense: [a, b]}\n").find("unknown key 'sequense'"), std::string::npos);
  EXPECT_NE(error("sets:\n  s: plain\n").find("set s is a list"), std::string::npos);
}

// A list file is config: what the gateway's config reader refuses (aliases, which would
// multiply lists; duplicate keys) is refused here with the file's name, and a key of
// another kind is an error, not an uncaught exception at start-up.
TEST_F(ListFileTest, ListFilesAreReadLikeConfigs) {
  auto error = [&](const std::string& body) {
    RuleBook b;
    Status st = LoadListPath(Write("odd.yaml", body), "", &b);
    return st.ok() ? std::string("ok") : st.message();
  };
  std::string e = error("sets:\n  a: &w [x, y]\n  b: *w\n");
  EXPECT_NE(e.find("odd.yaml"), std::string::npos) << e;
  EXPECT_NE(e.find("anchors (&name) are not allowed"), std::string::npos) << e;
  EXPECT_NE(error("category: hate\ncategory: violence\n").find("odd.yaml"), std::string::npos);
  EXPECT_NE(error("[a, b]: 1\n").find("odd.yaml"), std::string::npos);
  EXPECT_NE(error("category: self_harm\nrules:\n  - {name: [r], all_of: [a]}\n").find("odd.yaml"), std::string::npos);
  EXPECT_EQ(error("category: self_harm\nsets:\n  a: [x]\nrules:\n  - {name: r, all_of: [a]}\n"), "ok");
}

// Rules may name another file's sets, so two files defining one set name would merge two
// lists silently (a self-harm "weapons" list once widened an illegal-goods rule): refused.
TEST_F(ListFileTest, ASetNameIsDefinedOnce) {
  RuleBook b;
  ASSERT_TRUE(LoadListPath(Write("one.yaml", "category: violence\nsets:\n  tools: [knife]\n"), "", &b).ok());
  Status st = LoadListPath(Write("two.yaml", "category: illegal\nsets:\n  tools: [grenade]\n"), "", &b);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("two.yaml"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("set tools is already defined"), std::string::npos) << st.message();
  EXPECT_EQ(b.sets["tools"].phrases, std::vector<std::string>{"knife"});
}

// The local exception's key is a list of set names (loaded in LoadsSequenceSetsAndUnless); a
// misspelt key or a bare name says which file and which rule.
TEST_F(ListFileTest, UnlessOverlappingErrorsNameFileAndRule) {
  auto error = [&](const std::string& rule) {
    RuleBook bad;
    Status s = LoadListPath(Write("local_bad.yaml", "category: harassment\nrules:\n  - " + rule + "\n"), "", &bad);
    return s.ok() ? std::string("ok") : s.message();
  };
  std::string e = error("{name: teased, all_of: [a], unless_overlaping: [c]}");
  EXPECT_NE(e.find("local_bad.yaml"), std::string::npos) << e;
  EXPECT_NE(e.find("rule teased: unknown key 'unless_overlaping'"), std::string::npos) << e;
  e = error("{name: teased, all_of: [a], unless_overlapping: c}");
  EXPECT_NE(e.find("local_bad.yaml"), std::string::npos) << e;
  EXPECT_NE(e.find("rule teased: unless_overlapping must be a list of set names"), std::string::npos) << e;
}

}  // namespace
}  // namespace postern::text_policy

namespace postern::text_policy {

// Small automata keep 16-bit table entries (state ids up to 2^16, the top bit in use from
// 2^15 states), large ones 32-bit (over 2^16 states): all find every occurrence.
TEST(AhoCorasick, SmallAndLargeTablesFindEveryOccurrence) {
  for (int patterns : {3, 5000, 12000}) {
    AhoCorasick ac;
    std::vector<std::string> words;
    uint32_t seed = 7;
    for (int i = 0; i < patterns; ++i) {
      std::string w;
      for (int k = 0; k < 9; ++k) w.push_back(char('a' + (seed = seed * 1103515245 + 12345) % 26));
      words.push_back(w);
      ac.Add(w);
    }
    ac.Build();
    if (patterns == 5000) {
      EXPECT_GT(ac.state_count(), 1u << 15);
      EXPECT_LE(ac.state_count(), 1u << 16);
    }
    if (patterns > 10000) EXPECT_GT(ac.state_count(), 1u << 16);
    std::string text = "x " + words[0] + " " + words.back() + words.back();
    std::vector<std::pair<int, size_t>> found;
    ac.Scan(text, false, [&](int id, size_t last) { found.push_back({id, last}); });
    ASSERT_EQ(found.size(), 3u) << patterns;
    EXPECT_EQ(found[0], (std::pair<int, size_t>{0, 10}));
    EXPECT_EQ(found[2], (std::pair<int, size_t>{patterns - 1, text.size() - 1}));
  }
}

// A word-start-only pattern is left out where the automaton's state shows a letter right
// before it ("he" inside "the", "ash" inside "trash", when "th" and "tras" are prefixes of
// other patterns), kept after a space, at the text's start and where the state is the
// match itself; every_output scans (letters written apart) keep them all.
TEST(AhoCorasick, WordStartOnlyPatternsLeftOutAfterALetterUnlessEveryOutput) {
  AhoCorasick ac;
  const int he = ac.Add("he"), ash = ac.Add("ash"), inside = ac.Add("as"), the_end = ac.Add("the end"),
            trash_can = ac.Add("trash can");
  std::vector<bool> word_start_only(5, true);
  word_start_only[inside] = false;
  ac.Build(word_start_only);
  auto scan = [&](std::string_view text, bool every_output) {
    std::vector<std::pair<int, size_t>> found;
    ac.Scan(text, every_output, [&](int id, size_t last) { found.push_back({id, last}); });
    return found;
  };
  using Found = std::vector<std::pair<int, size_t>>;
  EXPECT_EQ(scan("the trash", false), (Found{{inside, 7}}));
  EXPECT_EQ(scan("the trash", true), (Found{{he, 2}, {inside, 7}, {ash, 8}}));
  EXPECT_EQ(scan("he ash", false), (Found{{he, 1}, {inside, 4}, {ash, 5}}));
  EXPECT_EQ(scan("she", false), (Found{{he, 2}}));  // no pattern opens with "s": the state is "he"
  EXPECT_EQ(scan("the end", false), (Found{{the_end, 6}}));
  EXPECT_EQ(scan("a trash can", false), (Found{{inside, 5}, {trash_can, 10}}));
}

}  // namespace postern::text_policy
