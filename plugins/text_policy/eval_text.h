// eval-text: scores the text policy on a labelled CSV (text,expected,category,kind;
// RFC 4180) as described in ../shared/textpolicy/README.md. Used by the
// `postern eval-text` tool and by the regression test.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "plugins/text_policy/text_policy.h"

namespace postern::text_policy {

struct LabeledText {
  std::string text, expected, category, kind;
};

// Reads the CSV; false and *error on malformed input.
bool ReadLabeledCsv(const std::string& path, std::vector<LabeledText>* rows, std::string* error);

struct EvalReport {
  int tp = 0, fp = 0, tn = 0, fn = 0;
  double precision = 0, recall = 0, f1 = 0;
  double fpr = 0;  // on benign + scunthorpe rows
  // name -> (blocked, total)
  std::map<std::string, std::pair<int, int>> by_kind, by_category;
  // allow rows whose category names the category they are a near miss of -> (blocked, total)
  std::map<std::string, std::pair<int, int>> near_miss_by_category;
  double texts_per_second = 0;
  std::vector<std::string> mistakes;  // "expected=... got=... rule=... | text"
};

// Judges every row (a row is blocked when the verdict is reject or hold). With
// `speed_seconds` > 0, also times Judge on one thread over the rows for that long.
EvalReport Evaluate(const TextPolicyCheck& check, const std::vector<LabeledText>& rows, double speed_seconds);

std::string FormatReport(const EvalReport& r, bool with_mistakes);

}  // namespace postern::text_policy
