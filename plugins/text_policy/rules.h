// RuleBook: the text policy as data, loaded from YAML list files (config/textpolicy/).
// A list file holds terms (each with category, action and match mode), allow-phrases
// that cancel overlapping matches, named term sets, and phrase rules that combine sets
// ("photo" + a public figure's name). See plugins/text_policy/README.md for the format.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gateway/status.h"

namespace postern::text_policy {

enum class Action { kReject, kHold };
enum class MatchMode : uint8_t { kWord, kPrefix, kInside };

const char* ActionName(Action a);
const char* MatchModeName(MatchMode m);
bool ParseAction(const std::string& s, Action* out);
bool ParseMatchMode(const std::string& s, MatchMode* out);

// The policy categories, in report order.
const std::vector<std::string>& AllCategories();
bool IsCategory(const std::string& s);

struct Term {
  std::string text;      // as written in the list
  std::string category;
  Action action = Action::kReject;
  MatchMode mode = MatchMode::kWord;
  std::string list;      // list name, for the rule id "<list>:<text>"
};

// A named set of phrases (a word class) used by phrase rules and by the unnamed-person
// rule. A `sequence` of other sets adds every phrase "a b ..." taking one phrase from
// each set in order ("hanged" + "herself"), expanded when the matcher is compiled.
struct TermSet {
  MatchMode mode = MatchMode::kWord;
  std::vector<std::string> phrases;
  std::vector<std::string> sequence;  // set names
};

// Fires when each set in `all_of` matches (within `window` words of the first set's
// match when window > 0; only after it when `ordered`). Matches of the first set are ignored when directly preceded
// by a phrase of `not_after` or directly followed by one of `not_before`. The rule stays
// silent when any set of `unless` matches anywhere in the text ("documentary", "history of").
// A set of `unless_overlapping` silences only the words it shares: a hit of the rule's sets
// that such a phrase overlaps does not count ("stupid" in "you stupid cat"), so a second,
// untouched insult in the same text still fires ("you stupid idiot, stupid printer").
struct PhraseRule {
  std::string name;
  std::string category;
  Action action = Action::kReject;
  std::vector<std::string> all_of;
  int window = 0;
  bool ordered = false;  // later sets must match after the first set's match
  std::string not_after;
  std::string not_before;
  std::string list;
  std::vector<std::string> unless;
  std::vector<std::string> unless_overlapping;
};

struct RuleBook {
  std::vector<Term> terms;
  std::vector<std::string> allow;
  std::map<std::string, TermSet> sets;
  std::vector<PhraseRule> rules;
};

// Adds one YAML list file. `assets_dir` resolves a `source:` word list (fetched asset).
// kInvalidConfig naming the file (and the rule or set) for a file that cannot be read, is
// over kMaxConfigBytes, is not YAML the config loader accepts (aliases, deep nesting,
// duplicate keys), breaks the list schema or defines a set `book` already has (set names are
// shared by all files); kIOError for a missing `source:` word list.
Status LoadListFile(const std::string& path, const std::string& assets_dir, RuleBook* book);
// The same for a list file's text; `path` names it in errors.
Status ParseListText(const std::string& text, const std::string& path, const std::string& assets_dir,
                     RuleBook* book);

// Adds every *.yaml in `path` (sorted) if it is a directory, else the file itself.
Status LoadListPath(const std::string& path, const std::string& assets_dir, RuleBook* book);

}  // namespace postern::text_policy
