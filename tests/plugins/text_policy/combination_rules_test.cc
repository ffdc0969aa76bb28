// Combination rules: word classes (sets) joined by `sequence`, rules silenced by an
// `unless` context, and the errors a list gets for a malformed rule or set. Small rule
// books written for these tests (list-file errors are in matcher_test.cc); the shipped
// lists are scored in eval_dev_test.cc.
#include <gtest/gtest.h>
#include <stdexcept>

#include "plugins/text_policy/matcher.h"

namespace postern::text_policy {
namespace {

RuleBook ComboBook() {
  RuleBook b;
  b.sets["verbs"] = {MatchMode::kWord, {"hanged", "drowned"}, {}};
  b.sets["selves"] = {MatchMode::kWord, {"herself", "himself"}, {}};
  b.sets["verb_self"] = {MatchMode::kWord, {}, {"verbs", "selves"}};
  b.sets["events"] = {MatchMode::kWord, {"the flood"}, {}};
  b.sets["praise"] = {MatchMode::kWord, {"was great"}, {}};
  b.sets["lesson"] = {MatchMode::kWord, {"history of", "documentary"}, {}};
  PhraseRule reflexive{"reflexive", "self_harm", Action::kReject, {"verb_self"}, 0, false, "", "", "test"};
  PhraseRule praised{"praised", "hate", Action::kHold, {"events", "praise"}, 3, false, "", "", "test", {"lesson"}};
  b.rules = {reflexive, praised};
  return b;
}

std::string Rule(const RuleBook& b, const std::string& text) {
  Status st;
  auto m = Matcher::Compile(b, {}, &st);
  if (!m) throw std::runtime_error("Matcher::Compile: " + st.ToString());
  auto f = m->Judge(text);
  return f ? f->rule : "allow";
}

TEST(CombinationRules, SequenceJoinsOnePhraseOfEachSetInOrder) {
  RuleBook b = ComboBook();
  EXPECT_EQ(Rule(b, "he drowned himself"), "test:rule:reflexive");
  EXPECT_EQ(Rule(b, "she hanged herself"), "test:rule:reflexive");
  EXPECT_EQ(Rule(b, "herself hanged"), "allow");            // order matters
  EXPECT_EQ(Rule(b, "hanged the coat herself"), "allow");   // adjacent only
  EXPECT_EQ(Rule(b, "she h4nged HERSELF"), "test:rule:reflexive");  // normalised like any phrase
}

// Letters written apart lose the space between words ("d r o w n e d h e r s e l f" folds
// to one run), so inside such a run the next part may start right after the last one; outside
// it, parts stay one word apart.
TEST(CombinationRules, SequencePartsAdjoinInsideLettersWrittenApart) {
  RuleBook b = ComboBook();
  EXPECT_EQ(Rule(b, "the girl d r o w n e d h e r s e l f in the lake"), "test:rule:reflexive");
  EXPECT_EQ(Rule(b, "the girl d r o w n e d   h e r s e l f"), "test:rule:reflexive");
  EXPECT_EQ(Rule(b, "the girl drownedherself"), "allow");  // written together, not apart: one unknown word
}

TEST(CombinationRules, SequencesNestAndTakeAnyPhraseLength) {
  RuleBook b = ComboBook();
  b.sets["places"] = {MatchMode::kWord, {"in", "in the lake"}, {}};
  b.sets["lake"] = {MatchMode::kWord, {"lake"}, {}};
  b.sets["verb_self_place"] = {MatchMode::kWord, {}, {"verb_self", "places", "lake"}};
  b.rules = {{"nested", "self_harm", Action::kHold, {"verb_self_place"}, 0, false, "", "", "test"}};
  EXPECT_EQ(Rule(b, "he drowned himself in lake"), "test:rule:nested");  // "in" then "lake"
  EXPECT_EQ(Rule(b, "he drowned himself in the lake"), "allow");         // "in the lake" leaves no "lake"
  EXPECT_EQ(Rule(b, "he drowned himself"), "allow");
}

TEST(CombinationRules, UnlessContextAnywhereSilencesTheRule) {
  RuleBook b = ComboBook();
  EXPECT_EQ(Rule(b, "the flood was great"), "test:rule:praised");
  EXPECT_EQ(Rule(b, "a documentary: the flood was great for the delta"), "allow");
  EXPECT_EQ(Rule(b, "the flood was great, history of the valley"), "allow");
  EXPECT_EQ(Rule(b, "the flood and the long summer was great"), "allow");  // outside the window
  // Exception-only sets are scanned apart (a second automaton), by the same rules: an
  // allow-phrase still cancels a context phrase inside it, and masked letters still resolve.
  b.allow = {"a history of violence"};
  EXPECT_EQ(Rule(b, "the flood was great, a history of violence"), "test:rule:praised");
  EXPECT_EQ(Rule(b, "the flood was great, d0cument4ry"), "allow");
}

// `unless_overlapping` excuses only the words its phrase shares with the rule's hits: "the flood
// was great" stays blocked beside an unrelated "a great flood of tourists"; each clause counts alone.
TEST(CombinationRules, UnlessOverlappingSilencesOnlyTheWordsItCovers) {
  RuleBook b = ComboBook();
  b.sets["crowds"] = {MatchMode::kWord, {"of tourists", "of visitors"}, {}};
  b.sets["flood_of_crowds"] = {MatchMode::kWord, {}, {"events", "crowds"}};
  b.rules[1].unless = {};
  b.rules[1].unless_overlapping = {"flood_of_crowds"};
  EXPECT_EQ(Rule(b, "the flood of tourists was great"), "allow");  // the one flood is the crowd
  EXPECT_EQ(Rule(b, "the flood was great, the flood of tourists too"), "test:rule:praised");
  EXPECT_EQ(Rule(b, "the flood of tourists, the flood was great"), "test:rule:praised");  // second first-set hit
  EXPECT_EQ(Rule(b, "the flood was great"), "test:rule:praised");
  // A partner the exception covers is skipped for the next one in the window.
  b.sets["praise"].phrases.push_back("great");
  b.sets["great_crowds"] = {MatchMode::kWord, {"great crowds"}, {}};
  b.rules[1].unless_overlapping = {"great_crowds"};
  EXPECT_EQ(Rule(b, "the flood drew great crowds"), "allow");
  EXPECT_EQ(Rule(b, "the flood, great crowds, great"), "test:rule:praised");
}

TEST(CombinationRules, SequenceErrorsNameTheSet) {
  RuleBook b = ComboBook();
  b.sets["verb_self"].sequence = {"verbs", "nobody"};
  Status st;
  EXPECT_FALSE(Matcher::Compile(b, {}, &st));
  EXPECT_NE(st.message().find("verb_self"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("nobody"), std::string::npos) << st.message();

  b = ComboBook();
  b.sets["loop"] = {MatchMode::kWord, {}, {"loop", "verbs"}};
  b.rules.push_back({"looped", "hate", Action::kReject, {"loop"}, 0, false, "", "", "test"});
  EXPECT_FALSE(Matcher::Compile(b, {}, &st));
  EXPECT_NE(st.message().find("cycle"), std::string::npos) << st.message();

  b = ComboBook();
  b.rules[1].unless = {"missing_context"};
  EXPECT_FALSE(Matcher::Compile(b, {}, &st));
  EXPECT_NE(st.message().find("missing_context"), std::string::npos) << st.message();

  b = ComboBook();
  b.rules[1].unless_overlapping = {"missing_phrase"};
  EXPECT_FALSE(Matcher::Compile(b, {}, &st));
  EXPECT_NE(st.message().find("rule praised (list test) uses unknown set 'missing_phrase'"), std::string::npos)
      << st.message();
}

}  // namespace
}  // namespace postern::text_policy
