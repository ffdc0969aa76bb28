#include <filesystem>

#include "gateway/paths.h"
#include "plugins/text_policy/eval_text.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "gateway/tool.h"

namespace postern::text_policy {

namespace {

// RFC 4180 fields: quoted fields may hold commas, doubled quotes and newlines.
bool ParseCsv(const std::string& data, std::vector<std::vector<std::string>>* records, std::string* error) {
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, field_started = false;
  for (size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (quoted) {
      if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      rec.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      rec.push_back(std::move(field));
      field.clear();
      field_started = false;
      records->push_back(std::move(rec));
      rec.clear();
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) return *error = "unterminated quoted field", false;
  if (field_started || !rec.empty()) {
    rec.push_back(std::move(field));
    records->push_back(std::move(rec));
  }
  return true;
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace

bool ReadLabeledCsv(const std::string& path, std::vector<LabeledText>* rows, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return *error = "cannot open " + path, false;
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<std::vector<std::string>> records;
  if (!ParseCsv(ss.str(), &records, error)) return false;
  if (records.empty() || records[0] != std::vector<std::string>{"text", "expected", "category", "kind"})
    return *error = path + ": header must be text,expected,category,kind", false;
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() != 4) return *error = path + ": record " + std::to_string(i + 1) + " has " + std::to_string(r.size()) + " fields", false;
    if (r[1] != "block" && r[1] != "allow") return *error = path + ": record " + std::to_string(i + 1) + ": expected must be block or allow", false;
    rows->push_back({r[0], r[1], r[2], r[3]});
  }
  return true;
}

EvalReport Evaluate(const TextPolicyCheck& check, const std::vector<LabeledText>& rows, double speed_seconds) {
  EvalReport r;
  int negatives = 0, false_pos_neg = 0;
  for (const LabeledText& row : rows) {
    std::optional<Finding> f = check.matcher().Judge(row.text);
    bool blocked = f.has_value();
    bool positive = row.expected == "block";
    if (positive) (blocked ? r.tp : r.fn)++;
    else (blocked ? r.fp : r.tn)++;
    auto& k = r.by_kind[row.kind];
    k.first += blocked, k.second++;
    if (positive || (row.category != "none" && !row.category.empty())) {
      auto& c = (positive ? r.by_category : r.near_miss_by_category)[row.category];
      c.first += blocked, c.second++;
    }
    if (row.kind == "benign" || row.kind == "scunthorpe") negatives++, false_pos_neg += blocked;
    if (blocked != positive)
      r.mistakes.push_back("expected=" + row.expected + " kind=" + row.kind + " category=" + row.category +
                           " got=" + (f ? std::string(ActionName(f->action)) + " " + f->rule + " [" +
                                              row.text.substr(f->begin, f->end - f->begin) + "]"
                                        : std::string("allow")) +
                           " | " + row.text);
  }
  r.precision = Ratio(r.tp, r.tp + r.fp);
  r.recall = Ratio(r.tp, r.tp + r.fn);
  r.f1 = Ratio(2 * r.precision * r.recall, r.precision + r.recall);
  r.fpr = Ratio(false_pos_neg, negatives);
  if (speed_seconds > 0 && !rows.empty()) {
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    size_t judged = 0, blocked = 0;
    double elapsed = 0;
    while (elapsed < speed_seconds) {
      for (const LabeledText& row : rows) blocked += check.matcher().Judge(row.text).has_value();
      judged += rows.size();
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    r.texts_per_second = judged / elapsed;
    if (blocked == SIZE_MAX) std::cerr << "";  // keeps the loop from being optimised away
  }
  return r;
}

std::string FormatReport(const EvalReport& r, bool with_mistakes) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(4);
  o << "rows: " << (r.tp + r.fp + r.tn + r.fn) << " (tp " << r.tp << ", fp " << r.fp << ", tn " << r.tn << ", fn " << r.fn
    << ")\n";
  o << "precision: " << r.precision << "\nrecall: " << r.recall << "\nf1: " << r.f1
    << "\nfalse-positive rate (benign+scunthorpe): " << r.fpr << "\n";
  o << "by kind (blocked/total):\n";
  for (const auto& [kind, c] : r.by_kind) {
    bool pos = kind == "plain" || kind == "evasion";
    o << "  " << kind << ": " << c.first << "/" << c.second << (pos ? " recall " : " fpr ")
      << Ratio(c.first, c.second) << "\n";
  }
  o << "recall by category:\n";
  for (const auto& [cat, c] : r.by_category)
    o << "  " << cat << ": " << c.first << "/" << c.second << " " << Ratio(c.first, c.second) << "\n";
  if (!r.near_miss_by_category.empty()) o << "false positives on near misses by category:\n";
  for (const auto& [cat, c] : r.near_miss_by_category)
    o << "  " << cat << ": " << c.first << "/" << c.second << " " << Ratio(c.first, c.second) << "\n";
  if (r.texts_per_second > 0) {
    o.precision(0);
    o << "texts per second (one core): " << r.texts_per_second << "\n";
  }
  if (with_mistakes)
    for (const auto& m : r.mistakes) o << "MISS " << m << "\n";
  return o.str();
}

namespace {

int RunEvalText(const std::vector<std::string>& args) {
  std::string csv, config_dir, assets;
  bool show = false;
  double seconds = 1.0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config-dir" && i + 1 < args.size()) config_dir = args[++i];
    else if (args[i] == "--assets" && i + 1 < args.size()) assets = args[++i];
    else if (args[i] == "--show-errors") show = true;
    else if (args[i] == "--seconds" && i + 1 < args.size()) seconds = std::atof(args[++i].c_str());
    else if (csv.empty() && args[i].rfind("--", 0) != 0) csv = args[i];
    else return std::cerr << "eval-text: unexpected argument " << args[i] << "\n", 2;
  }
  if (csv.empty()) return std::cerr << "usage: postern eval-text FILE.csv [--config-dir DIR] [--assets DIR] [--show-errors] [--seconds N]\n", 2;
  if (config_dir.empty()) config_dir = std::filesystem::path(DefaultConfigPath()).parent_path().string();
  if (config_dir.empty()) config_dir = ".";
  if (assets.empty()) assets = DefaultAssetsDir(config_dir);
  std::vector<LabeledText> rows;
  std::string error;
  if (!ReadLabeledCsv(csv, &rows, &error)) return std::cerr << "eval-text: " << error << "\n", 1;
  Status st;
  auto check = BuildTextPolicyCheck(DefaultTextPolicyConfig(), CheckDeps{assets, config_dir}, &st);
  if (!check) return std::cerr << "eval-text: " << st.ToString() << "\n", 1;
  std::cout << FormatReport(Evaluate(*check, rows, seconds), show);
  return 0;
}

}  // namespace

POSTERN_REGISTER_TOOL(eval_text, "eval-text",
                      "eval-text FILE.csv [--config-dir DIR] [--assets DIR] [--show-errors] [--seconds N]: score text_policy on a labelled CSV",
                      RunEvalText);

}  // namespace postern::text_policy
