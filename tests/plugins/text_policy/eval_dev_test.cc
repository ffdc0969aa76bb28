// Regression guard: the targets on ../shared/textpolicy/dev.csv (F1 >= 0.95,
// FPR <= 1%, evasion recall >= 0.95). Speed is measured in bench/text_policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

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

// The project's own combination dev sets (README.md here): per category, recall on the
// harmful rows and false positives on the near misses. The rules were written against
// the tune half; the held-out half was only scored, so its bars sit lower.
EvalReport ScoreCombinationSet(std::initializer_list<std::string> names) {
  std::vector<LabeledText> rows;
  for (const std::string& name : names) {
    std::string error;
    EXPECT_TRUE(ReadLabeledCsv(testing::SourceDir() + "/tests/plugins/text_policy/" + name, &rows, &error)) << error;
  }
  Status st;
  auto check = testing::BuildCheckAs<TextPolicyCheck>("text_policy", json::object(), &st);
  EXPECT_TRUE(check) << st.ToString();
  return check ? Evaluate(*check, rows, 0) : EvalReport{};
}

void ExpectPerCategory(const EvalReport& r, double min_recall, double max_near_miss_fpr, int min_rows = 25) {
  for (const char* category : {"hate", "self_harm", "violence"}) {
    auto [blocked, total] = r.by_category.at(category);
    EXPECT_GE(total, min_rows) << category;
    EXPECT_GE(double(blocked) / total, min_recall) << category << "\n" << FormatReport(r, true);
    auto [false_pos, near_misses] = r.near_miss_by_category.at(category);
    EXPECT_GE(near_misses, min_rows) << category;
    EXPECT_LE(double(false_pos) / near_misses, max_near_miss_fpr) << category << "\n" << FormatReport(r, true);
  }
}

TEST(EvalDev, CombinationRulesOnTheTuneHalf) {
  ExpectPerCategory(ScoreCombinationSet({"combination_dev_tune.csv"}), 0.95, 0.05);
}

// The two sets written later in fresh wording (tuning data once scored; README there).
TEST(EvalDev, CombinationRulesOnTheLaterTuneSets) {
  ExpectPerCategory(ScoreCombinationSet({"combination_dev_tune2.csv", "combination_dev_tune3.csv"}), 0.95, 0.05, 20);
}

// tune5 (round 4): everyday senses of words the lists hold whole (the dish, the sword,
// the penguin, the baseball play, engine timing) next to rows that use them as abuse.
// Then everyday prompts naming a group beside a word the hate combinations once took loosely
// ("women drinking from a glass", "refugees living in camps"). Small and written for the
// rules it tuned, so every row must come out right.
// A small set written for the lists it checks: its row counts, and every row comes out right.
void ExpectEveryRowRight(const char* file, int harmful_rows, int allowed_rows) {
  EvalReport r = ScoreCombinationSet({file});
  EXPECT_EQ(r.tp + r.fn, harmful_rows) << FormatReport(r, true);
  EXPECT_EQ(r.fn, 0) << FormatReport(r, true);
  EXPECT_EQ(r.tn + r.fp, allowed_rows) << FormatReport(r, true);
  EXPECT_EQ(r.fp, 0) << FormatReport(r, true);
}

TEST(EvalDev, WholeWordEntriesInTheirEverydaySenseOnTune5) {
  ExpectEveryRowRight("combination_dev_tune5.csv", 10, 59);
}

// tune10 (round 10): the words each set gained from WordNet, once in the shape of the rule that
// uses the set ("a dagger in his eye", "swallowed a handful of nembutal", "you dolt") and once in
// an everyday sense (a dagger tattoo through a heart, a fencing sabre, Socrates drinking hemlock,
// "she broke her clavicle", "my grandma played the crone"); the words that failed the second are
// out of the lists (ROUNDS.md, round 10). A review then took out worship/revere/canonize, "mass
// murder", plunge and the named bones for their everyday senses: the 5 harmful rows that used them
// are missed now, and every everyday row still passes.
TEST(EvalDev, WordNetWidenedSetsInBothSensesOnTune10) {
  EvalReport r = ScoreCombinationSet({"combination_dev_tune10.csv"});
  EXPECT_EQ(r.tp + r.fn, 57) << FormatReport(r, true);
  EXPECT_EQ(r.tn + r.fp, 64) << FormatReport(r, true);
  EXPECT_EQ(r.fp, 0) << FormatReport(r, true);
  EXPECT_EQ(r.fn, 5) << FormatReport(r, true);
}

TEST(EvalDev, CombinationRulesOnTheHeldOutHalf) {
  ExpectPerCategory(ScoreCombinationSet({"combination_dev_heldout.csv"}), 0.85, 0.05);
}

// tune4 (tests/plugins/text_policy/README.md): written fresh in round 3 and tuned on.
TEST(EvalDev, CombinationRulesOnTune4) {
  ExpectPerCategory(ScoreCombinationSet({"combination_dev_tune4.csv"}), 0.95, 0.05, 50);
}

// Per-category bars for the held-out sets: recall on the harmful rows, false positives on
// the near misses (at least min_rows of each per category).
struct Bar {
  const char* category;
  double min_recall, max_near_miss_fpr;
};

void ExpectBars(const EvalReport& r, const std::vector<Bar>& bars, int min_rows = 30) {
  for (const Bar& b : bars) {
    auto [blocked, total] = r.by_category.at(b.category);
    EXPECT_GE(total, min_rows) << b.category;
    EXPECT_GE(double(blocked) / total, b.min_recall) << b.category << "\n" << FormatReport(r, true);
    auto [false_pos, near_misses] = r.near_miss_by_category.at(b.category);
    EXPECT_GE(near_misses, min_rows) << b.category;
    EXPECT_LE(double(false_pos) / near_misses, b.max_near_miss_fpr) << b.category << "\n" << FormatReport(r, true);
  }
}

// A tuning set written with its own near misses: every harassment row caught, nothing allowed blocked.
void ExpectTunedSet(const EvalReport& r, double min_recall, int min_rows) {
  ExpectPerCategory(r, min_recall, 0.0, min_rows);
  auto [harassed, harassment_rows] = r.by_category.at("harassment");
  EXPECT_EQ(harassed, harassment_rows) << FormatReport(r, true);
  EXPECT_EQ(r.fp, 0) << FormatReport(r, true);
}

// A held-out set's plain everyday prompts (category none): their count, and none blocked.
void ExpectEverydayAllowed(const EvalReport& r, int everyday_rows) {
  int near_miss_fp = 0, near_miss_rows = 0;
  for (const auto& [category, counts] : r.near_miss_by_category) {
    near_miss_fp += counts.first;
    near_miss_rows += counts.second;
  }
  EXPECT_EQ(r.tn + r.fp - near_miss_rows, everyday_rows) << "everyday rows";
  EXPECT_EQ(r.fp - near_miss_fp, 0) << "everyday prompts blocked\n" << FormatReport(r, true);
}

// heldout2: written before any round-3 rule, never tuned on, scored after rounds 3, 4 and 5.
// Bars sit a little under the latest figures (plugins/text_policy/ROUNDS.md, round 5), so a regression fails; they
// are far from the targets, which this set says are not met.
TEST(EvalDev, CombinationRulesOnTheSecondHeldOutSet) {
  EvalReport r = ScoreCombinationSet({"combination_dev_heldout2.csv"});
  ExpectBars(r, {Bar{"hate", 0.80, 0.05}, Bar{"self_harm", 0.85, 0.05}, Bar{"violence", 0.925, 0.02},
                 Bar{"harassment", 0.85, 0.12}, Bar{"public_figure", 0.95, 0.0}});
  EXPECT_GE(r.f1, 0.91) << FormatReport(r, true);
}

// tune6 (round 5): five batches written fresh, each scored with the rules of the time and
// then tuned on; many everyday prompts and near misses in the shapes of known false
// positives ("hey stupid cat", "overdosed on candy", "cut his throat lozenge").
TEST(EvalDev, CombinationRulesOnTune6) {
  ExpectTunedSet(ScoreCombinationSet({"combination_dev_tune6.csv"}), 0.95, 50);
}

// A tuning set with a few known misses: per-category bars, at most max_harassment_missed harassment
// rows missed and max_fp rows blocked in all (near misses and everyday prompts).
void ExpectTunedSetWithKnownMisses(const EvalReport& r, double min_recall, double max_near_miss_fpr, int min_rows,
                                   int max_harassment_missed, int max_fp) {
  ExpectPerCategory(r, min_recall, max_near_miss_fpr, min_rows);
  auto [harassed, harassment_rows] = r.by_category.at("harassment");
  EXPECT_LE(harassment_rows - harassed, max_harassment_missed) << FormatReport(r, true);
  EXPECT_LE(r.fp, max_fp) << FormatReport(r, true);
}

// heldout3 (round 5): written before any round-5 rule in other wording, scored once before
// and once after, never tuned on. Besides its near misses it holds 156 plain everyday image
// prompts (category none), none of which may be blocked.
TEST(EvalDev, CombinationRulesOnTheThirdHeldOutSet) {
  EvalReport r = ScoreCombinationSet({"combination_dev_heldout3.csv"});
  // Round 7 wrote rules from its misses (no longer clean): bars a little under round 7's figures.
  ExpectBars(r, {Bar{"hate", 0.875, 0.02}, Bar{"self_harm", 0.925, 0.02}, Bar{"violence", 0.95, 0.02},
                 Bar{"harassment", 0.90, 0.0}, Bar{"public_figure", 0.875, 0.04}});
  ExpectEverydayAllowed(r, 156);
  EXPECT_GE(r.f1, 0.95) << FormatReport(r, true);
}

// tune7 (round 7): five batches in other voices (slang, run-ons, memes, second-hand reports,
// questions), each scored with the rules of the time and then tuned on, with near misses of
// every new rule ("hanging a painting", "skinned the rabbit", "the train station").
TEST(EvalDev, CombinationRulesOnTune7) {
  ExpectTunedSet(ScoreCombinationSet({"combination_dev_tune7.csv"}), 0.93, 60);
}

// A held-out set's harassment rows: their count, at least min_caught caught, no near miss blocked.
void ExpectHarassmentHeld(const EvalReport& r, int rows, int min_caught) {
  auto [harassed, harassment_rows] = r.by_category.at("harassment");
  EXPECT_EQ(harassment_rows, rows);
  EXPECT_GE(harassed, min_caught) << FormatReport(r, true);
  EXPECT_EQ(r.near_miss_by_category.at("harassment").first, 0) << FormatReport(r, true);
}

// What a fresh held-out set (rounds 7-9) must keep: per-category bars over rows_per_category
// harmful rows, its harassment rows, its everyday prompts all allowed, and an F1 floor.
struct HeldOutFloors {
  std::vector<Bar> bars;
  int rows_per_category, harassment_rows, harassment_min, everyday_rows;
  double min_f1;
};
void ExpectHeldOutFloors(const char* file, const HeldOutFloors& f) {
  EvalReport r = ScoreCombinationSet({file});
  ExpectBars(r, f.bars, f.rows_per_category);
  ExpectHarassmentHeld(r, f.harassment_rows, f.harassment_min);
  ExpectEverydayAllowed(r, f.everyday_rows);
  EXPECT_GE(r.f1, f.min_f1) << FormatReport(r, true);
}

// heldout4 (round 7): written before any round-7 rule, in other voices, scored once with main's
// rules and once at the end, never tuned on (the same person wrote it and the rules). Bars sit
// a little under the after-figures (ROUNDS.md, round 7); its 60 everyday prompts may not be blocked.
TEST(EvalDev, CombinationRulesOnTheFourthHeldOutSet) {
  ExpectHeldOutFloors("combination_dev_heldout4.csv",
                      {{Bar{"hate", 0.80, 0.05}, Bar{"self_harm", 0.93, 0.0}, Bar{"violence", 0.80, 0.0}}, 30, 20, 16, 60, 0.92});
}

// tune8 (round 8): four batches in image-generator voices (weighted tags, hashtags, headlines,
// non-native English, long scenes, fan fiction), each scored with the rules of the time and then
// tuned on. One near miss stays blocked by an old term ("an octopus strangling a pirate ship").
TEST(EvalDev, CombinationRulesOnTune8) {
  ExpectTunedSetWithKnownMisses(ScoreCombinationSet({"combination_dev_tune8.csv"}), 0.88, 0.03, 39, 0, 1);
}

// heldout5 (round 8): written before any round-8 rule in the same kinds of voices as tune8,
// scored once with main's rules and once at the end, its misses never read. Round 8's rules
// moved it by one row (ROUNDS.md, round 8): bars sit at the after-figures, 25 harmful and 35 near
// misses per category; its 50 everyday prompts may not be blocked.
TEST(EvalDev, CombinationRulesOnTheFifthHeldOutSet) {
  ExpectHeldOutFloors("combination_dev_heldout5.csv",
                      {{Bar{"hate", 0.64, 0.0}, Bar{"self_harm", 0.72, 0.0}, Bar{"violence", 0.76, 0.06}}, 25, 15, 14, 50, 0.84});
}

// tune9 (round 9): nine batches in other voices again (second person, questions, art reviews and
// museum labels, first aid, sports and gaming slang, verse, British/Australian/Indian English,
// loanwords), each scored with the rules of the time and then tuned on, with more near misses than
// harmful rows. Three near misses stay blocked ("you're a stupid genius", "fat ugly cow, the animal",
// "hanging in his cell is a poster"; ROUNDS.md, round 9).
TEST(EvalDev, CombinationRulesOnTune9) {
  ExpectTunedSetWithKnownMisses(ScoreCombinationSet({"combination_dev_tune9.csv"}), 0.90, 0.01, 60, 1, 3);
}

// heldout6 (round 9): written before any round-9 rule in tune9's kinds of voices, scored once with
// main's rules and once at the end, its misses never read. Round 9's rules moved only a near miss
// (ROUNDS.md, round 9): per-category bars sit at the after-figures (F1 0.889, bar 0.88), 25
// harmful and 35 near misses per category; its 50 everyday prompts may not be blocked.
TEST(EvalDev, CombinationRulesOnTheSixthHeldOutSet) {
  ExpectHeldOutFloors("combination_dev_heldout6.csv",
                      {{Bar{"hate", 0.76, 0.086}, Bar{"self_harm", 0.88, 0.029}, Bar{"violence", 0.88, 0.029}}, 25, 15, 13, 50, 0.88});
}

// heldout7 (round 10): written before round 10's WordNet widening, in rarer words (named weapons and
// tools, medical terms, literary verbs, regional slang, image prompts, captions), scored once with
// main's lists and once at the end, its misses never read. The widening caught 4 more of its 90
// harmful rows (ROUNDS.md, round 10): bars sit at the after-figures (F1 0.854, bar 0.85), 25 harmful
// and 35 near misses per category; its 50 everyday prompts may not be blocked.
TEST(EvalDev, CombinationRulesOnTheSeventhHeldOutSet) {
  ExpectHeldOutFloors("combination_dev_heldout7.csv",
                      {{Bar{"hate", 0.88, 0.0}, Bar{"self_harm", 0.80, 0.0}, Bar{"violence", 0.92, 0.115}}, 25, 15, 5, 50, 0.85});
}

// heldout8 (round 11): written before round 11's rules, with 20+ art-history near misses per category
// (martyrdoms, myths, biblical and war paintings, museum labels) and intensified insults, scored once with
// main's lists and once with the part of round 11 that was kept (intensified insults), its misses never
// read (ROUNDS.md, round 11): F1 0.759 -> 0.793, bars at those figures. Its art near misses are still
// blocked (most of its 18 of 120 near misses blocked): the art exception that fixed them also let
// named-art gore through, so it was left out.
TEST(EvalDev, CombinationRulesOnTheEighthHeldOutSet) {
  ExpectHeldOutFloors("combination_dev_heldout8.csv",
                      {{Bar{"hate", 0.72, 0.143}, Bar{"self_harm", 0.64, 0.115}, Bar{"violence", 0.92, 0.258}}, 25, 15, 14, 50, 0.79});
}

// Every third harmful heldout2 row rewritten by make_evasion_variant.py (leetspeak, letters
// apart, zero-width joiners, look-alike letters).
TEST(EvalDev, EvasionVariantOfTheSecondHeldOutSet) {
  EvalReport r = ScoreCombinationSet({"combination_dev_heldout2_evasion.csv"});
  auto [blocked, total] = r.by_kind["evasion"];
  EXPECT_EQ(total, 60);
  EXPECT_GE(double(blocked) / total, 0.93) << FormatReport(r, true);
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
