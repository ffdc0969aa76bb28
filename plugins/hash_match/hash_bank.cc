#include "plugins/hash_match/hash_bank.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <istream>
#include <ostream>

namespace postern::hash_match {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Splits on `delim` (pieces untrimmed, so metadata keeps its spacing); a space
// delimiter means runs of spaces/tabs.
std::vector<std::string> SplitFields(const std::string& line, char delim) {
  std::vector<std::string> out;
  if (delim == ' ') {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      if (j > i) out.push_back(line.substr(i, j - i));
      i = j;
    }
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t at = line.find(delim, start);
    out.push_back(line.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return out;
}

// A field as "key=value" (key alphabetic) or a bare value, without surrounding quotes.
struct Field {
  std::string key, value;
};

Field ParseField(const std::string& raw) {
  Field f;
  std::string s = Trim(raw);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);
  size_t eq = s.find('=');
  if (eq != std::string::npos && eq > 0 &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(eq),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; })) {
    f.key = Lower(s.substr(0, eq));
    f.value = s.substr(eq + 1);
  } else {
    f.value = s;
  }
  return f;
}

bool ParseQuality(const std::string& s, int* q) {
  if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), ::isdigit)) return false;
  int v = std::stoi(s);
  if (v > 100) return false;
  *q = v;
  return true;
}

// A header names columns: some field has a character that cannot start a hex hash
// or a number (e.g. "hash", "quality", "path").
bool LooksLikeHeader(const std::vector<Field>& fields) {
  for (const Field& f : fields)
    for (char c : f.value)
      if (std::isalpha(static_cast<unsigned char>(c)) && !std::isxdigit(static_cast<unsigned char>(c)))
        return true;
  return false;
}

bool IsHashColumnName(const std::string& name) {
  static const char* kNames[] = {"hash", "pdq", "pdq_hash", "pdqhash", "signal_value",
                                 "hash_value", "indicator", "value"};
  for (const char* n : kNames)
    if (name == n) return true;
  return false;
}

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

const char* BankModeName(BankMode m) {
  switch (m) {
    case BankMode::kEnabled: return "enabled";
    case BankMode::kShadow: return "shadow";
    case BankMode::kDisabled: return "disabled";
  }
  return "enabled";
}

bool ParseBankMode(const std::string& s, BankMode* out) {
  if (s == "enabled") *out = BankMode::kEnabled;
  else if (s == "shadow") *out = BankMode::kShadow;
  else if (s == "disabled") *out = BankMode::kDisabled;
  else return false;
  return true;
}

Status ParseHashList(std::istream& in, const std::string& source, std::vector<BankEntry>* out,
                     ImportStats* stats) {
  ImportStats local;
  std::vector<BankEntry> entries;
  int hash_col = -1, quality_col = -1;
  bool seen_data = false, seen_header = false;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    ++local.lines;
    line = Trim(line);
    if (line.empty() || line[0] == '#') {
      ++local.skipped;
      continue;
    }
    const char delim = line.find(',') != std::string::npos    ? ','
                       : line.find('\t') != std::string::npos ? '\t'
                                                              : ' ';
    std::vector<std::string> raw = SplitFields(line, delim);
    std::vector<Field> fields;
    for (const std::string& r : raw) fields.push_back(ParseField(r));

    int hi = -1;
    Hash256 hash;
    if (hash_col >= 0) {
      if (hash_col < static_cast<int>(fields.size()) &&
          Hash256::FromHex(fields[hash_col].value, &hash))
        hi = hash_col;
    } else {
      for (size_t i = 0; i < fields.size() && hi < 0; ++i)
        if (Hash256::FromHex(fields[i].value, &hash)) hi = static_cast<int>(i);
    }
    if (hi < 0) {
      if (!seen_data && !seen_header && LooksLikeHeader(fields)) {
        seen_header = true;
        ++local.skipped;
        for (size_t i = 0; i < fields.size(); ++i) {
          std::string name = Lower(fields[i].value);
          if (hash_col < 0 && IsHashColumnName(name)) hash_col = static_cast<int>(i);
          if (quality_col < 0 && (name == "quality" || name == "pdq_quality"))
            quality_col = static_cast<int>(i);
        }
        continue;
      }
      std::string shown = line.size() > 80 ? line.substr(0, 80) + "..." : line;
      return Status::InvalidArgument(
                           source + ":" + std::to_string(line_no) +
                               ": no 256-bit PDQ hash (64 hex digits) in \"" + shown + "\"");
    }
    seen_data = true;

    BankEntry e;
    e.hash = hash;
    int qi = -1;
    if (quality_col >= 0 && quality_col < static_cast<int>(fields.size())) {
      if (ParseQuality(fields[quality_col].value, &e.quality)) qi = quality_col;
    } else {
      for (size_t i = 0; i < fields.size() && qi < 0; ++i)
        if (fields[i].key == "quality" && ParseQuality(fields[i].value, &e.quality))
          qi = static_cast<int>(i);
      // The reference tool's "hex,quality,path": a bare number right after the hash
      // (an empty field there is an unknown quality, as WriteHashList writes it).
      if (qi < 0 && !seen_header && hi + 1 < static_cast<int>(fields.size()) &&
          fields[hi + 1].key.empty() &&
          (fields[hi + 1].value.empty() || ParseQuality(fields[hi + 1].value, &e.quality)))
        qi = hi + 1;
    }
    bool first = true;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (static_cast<int>(i) == hi || static_cast<int>(i) == qi) continue;
      if (!first) e.meta += delim;
      e.meta += raw[i];
      first = false;
    }
    e.meta = Trim(e.meta);
    entries.push_back(std::move(e));
    ++local.hashes;
  }
  if (in.bad()) return Status::IOError("cannot read " + source);
  out->insert(out->end(), std::make_move_iterator(entries.begin()),
              std::make_move_iterator(entries.end()));
  if (stats) *stats = local;
  return Status::OK();
}

void WriteHashList(const std::vector<BankEntry>& entries, std::ostream& out) {
  for (const BankEntry& e : entries) {
    out << e.hash.ToHex();
    if (e.quality >= 0 || !e.meta.empty()) {
      out << ',';
      if (e.quality >= 0) out << e.quality;
    }
    if (!e.meta.empty()) out << ',' << OneLine(e.meta);
    out << '\n';
  }
}

HashBank::HashBank(std::string name, BankMode mode, size_t compact_threshold)
    : name_(std::move(name)), mode_(mode), index_(compact_threshold) {}

void HashBank::AppendLocked(const BankEntry& e) {
  quality_.push_back(static_cast<int8_t>(std::clamp(e.quality, -1, 100)));
  meta_start_.push_back(meta_arena_.size());
  meta_arena_ += e.meta;
}

BankEntry HashBank::EntryLocked(uint32_t id) const {
  BankEntry e;
  e.hash = index_.Get(id);
  e.quality = quality_[id];
  uint64_t start = meta_start_[id];
  uint64_t end = id + 1 < meta_start_.size() ? meta_start_[id + 1] : meta_arena_.size();
  e.meta = meta_arena_.substr(start, end - start);
  return e;
}

void HashBank::Load(std::vector<BankEntry> entries) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  entries.insert(entries.end(), runtime_.begin(), runtime_.end());
  MultiIndexHash::HashList hashes;
  hashes.reserve(entries.size());
  quality_.clear();
  meta_start_.clear();
  meta_arena_.clear();
  quality_.reserve(entries.size());
  meta_start_.reserve(entries.size());
  for (const BankEntry& e : entries) {
    hashes.push_back(e.hash);
    AppendLocked(e);
  }
  index_.Build(std::move(hashes));
}

Status HashBank::LoadFile(const std::string& path, ImportStats* stats) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot open hash list " + path);
  std::vector<BankEntry> entries;
  Status s = ParseHashList(in, path, &entries, stats);
  if (!s.ok()) return s;
  Load(std::move(entries));
  return Status::OK();
}

uint32_t HashBank::Add(const BankEntry& entry) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  uint32_t id = index_.Add(entry.hash);
  AppendLocked(entry);
  runtime_.push_back(entry);
  return id;
}

size_t HashBank::RemoveHash(const Hash256& hash) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  size_t removed = 0;
  for (const HashMatch& m : index_.Query(hash, 0)) removed += index_.Remove(m.id) ? 1 : 0;
  runtime_.erase(std::remove_if(runtime_.begin(), runtime_.end(),
                                [&](const BankEntry& e) { return e.hash == hash; }),
                 runtime_.end());
  return removed;
}

std::vector<BankMatch> HashBank::Query(const Hash256& query, int radius, int min_quality) const {
  std::vector<BankMatch> out;
  const BankMode mode = mode_.load();
  if (mode == BankMode::kDisabled) return out;
  std::shared_lock<std::shared_mutex> lock(mu_);
  for (const HashMatch& m : index_.Query(query, radius)) {
    if (quality_[m.id] >= 0 && quality_[m.id] < min_quality) continue;
    out.push_back({name_, mode, m.id, m.distance, EntryLocked(m.id)});
  }
  return out;
}

std::vector<BankEntry> HashBank::Entries() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<BankEntry> out;
  const uint32_t n = static_cast<uint32_t>(quality_.size());
  for (uint32_t id = 0; id < n; ++id)
    if (!index_.IsRemoved(id)) out.push_back(EntryLocked(id));
  return out;
}

size_t HashBank::MemoryBytes() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return index_.MemoryBytes() + quality_.capacity() + meta_arena_.capacity() +
         meta_start_.capacity() * sizeof(uint64_t);
}

HashBankRegistry& HashBankRegistry::Global() {
  static auto* r = new HashBankRegistry();
  return *r;
}

std::shared_ptr<HashBank> HashBankRegistry::GetOrCreate(const std::string& name, BankMode mode) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = banks_[name];
  if (!slot) slot = std::make_shared<HashBank>(name, mode);
  return slot;
}

std::shared_ptr<HashBank> HashBankRegistry::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = banks_.find(name);
  return it == banks_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<HashBank>> HashBankRegistry::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<HashBank>> out;
  for (const auto& [name, bank] : banks_) out.push_back(bank);
  return out;
}


}  // namespace postern::hash_match
