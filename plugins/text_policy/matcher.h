// Matcher: the compiled policy. One Aho-Corasick automaton holds every term,
// allow-phrase and set phrase a rule matches on (built once at config load); judging a
// text is one normalisation pass plus one automaton pass, then allow-phrase cancellation,
// phrase rules and the unnamed-person rule on the (few) hits. Sets only exceptions name
// sit in a second automaton, scanned only when a rule that needs them could fire.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "gateway/status.h"
#include "plugins/text_policy/aho_corasick.h"
#include "plugins/text_policy/normalizer.h"
#include "plugins/text_policy/rules.h"

namespace postern::text_policy {

struct Finding {
  std::string category;
  Action action = Action::kReject;
  std::string rule;     // "<list>:<term>", "<list>:rule:<name>" or "public_figure:unnamed_person"
  uint32_t begin = 0;   // byte offsets into the judged text, as the user wrote it
  uint32_t end = 0;
};

struct MatcherOptions {
  std::vector<std::string> categories = AllCategories();  // enabled categories
  // A capitalised personal name not on any list, in a photorealistic request.
  bool unnamed_person_enabled = true;
  Action unnamed_person_action = Action::kHold;
};

class Matcher {
 public:
  static std::unique_ptr<Matcher> Compile(const RuleBook& book, const MatcherOptions& options, Status* error);
  ~Matcher();

  // Every finding, in text order; matches cancelled by allow-phrases are left out.
  void FindAll(std::string_view text, std::vector<Finding>* out) const;
  // The deciding finding (reject over hold, then earliest), or none: allow.
  std::optional<Finding> Judge(std::string_view text) const;

  size_t pattern_count() const { return automaton_.pattern_count(); }
  const NormalizeOptions& normalize_options() const { return normalize_; }

 private:
  struct Entry;
  struct CompiledSequence;
  struct Hit {
    int kind;
    int index;
    uint32_t start, last;  // folded positions, inclusive
  };
  // A finding before its strings are made (only the deciding one needs them).
  struct RawFinding {
    int rule_id;  // index into rule_ids_
    Action action;
    uint32_t begin, end;
  };
  struct CompiledRule;
  class Dictionary;
  Matcher();
  void Collect(std::string_view text, std::vector<RawFinding>* out, bool first_only) const;
  Finding Materialize(const RawFinding& f) const;
  int AddRuleId(const std::string& id, const std::string& category);
  void AddPhrase(const std::string& phrase, int kind, MatchMode mode, int index);
  void AddPhrase(const std::string& phrase, int kind, MatchMode mode, int index, AhoCorasick* automaton,
                 std::vector<std::vector<Entry>>* entries);
  void FindUnnamedPeople(std::string_view text, const NormalizedText& nt, const std::vector<Hit>& allow_hits,
                         std::vector<RawFinding>* out) const;

  AhoCorasick automaton_;
  std::vector<std::vector<Entry>> entries_;  // per automaton pattern
  // One per entry of each pattern ending at an automaton state, in the order the patterns
  // and entries come: a reporting state's records sit together, so a match costs two
  // dependent loads (where its records start, the records) instead of four (outputs,
  // pattern, entry list, entry).
  struct OutputRecord {
    uint32_t length;       // of the pattern
    int32_t index;         // term, allow or set index
    uint32_t runs_begin;   // minimum repeat counts: runs_[runs_begin .. + runs_length)
    uint16_t runs_length;  // 0: all 1
    uint8_t kind;
    MatchMode mode;
  };
  std::vector<uint32_t> record_begin_;  // records of state s: [record_begin_[s], record_begin_[s + 1])
  std::vector<OutputRecord> records_;
  std::vector<uint16_t> runs_;
  // Sets only an `unless` or `unless_overlapping` names (and sequences of them) are needed
  // only once a rule that names them could fire: they live in a second automaton, scanned
  // then, so the main one (scanned on every text) stays smaller. Rarely scanned, it keeps
  // the plain per-pattern layout.
  struct PatternInfo {
    uint32_t length;
    bool word_only;  // no entry matches inside words
    const Entry* begin;
    const Entry* end;
  };
  static void BuildPatterns(AhoCorasick* automaton, std::vector<std::vector<Entry>>* entries,
                            std::vector<PatternInfo>* patterns);
  AhoCorasick exception_automaton_;
  std::vector<std::vector<Entry>> exception_entries_;
  std::vector<PatternInfo> exception_patterns_;
  std::vector<CompiledSequence> exception_sequences_;
  std::vector<Term> terms_;
  std::vector<int> term_rule_id_;                 // per term
  std::vector<std::string> rule_ids_, rule_categories_;
  int unnamed_rule_id_ = -1;
  std::vector<std::string> set_names_;
  std::vector<CompiledSequence> sequences_;  // parts before the sequences using them
  std::vector<CompiledRule> rules_;
  std::vector<std::vector<int>> rules_by_first_set_;  // set index -> rules whose all_of starts with it
  std::unique_ptr<Dictionary> dictionary_;
  NormalizeOptions normalize_;
  MatcherOptions options_;
  // Unnamed-person rule data (lower-case ASCII words).
  int photoreal_set_ = -1;
  std::unordered_set<std::string> given_names_, name_stopwords_, style_before_, style_after_;
  // "Rose Bush", "Ginger Rice": both halves are ordinary words, so the pair alone is no name.
  std::unordered_set<std::string> word_given_names_, word_surnames_;
};

}  // namespace postern::text_policy
