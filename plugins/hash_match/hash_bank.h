// HashBank: a named, searchable set of banked PDQ hashes (known violating images),
// with a mode (enabled / shadow / disabled), per-hash quality and free-text metadata,
// and text import/export compatible with the hash lists other trust & safety tools
// write. HashBankRegistry holds the process's banks loaded from files.
#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "gateway/status.h"
#include "plugins/hash_match/hash256.h"
#include "plugins/hash_match/hash_index.h"

namespace postern::hash_match {

enum class BankMode { kEnabled, kShadow, kDisabled };
const char* BankModeName(BankMode m);
bool ParseBankMode(const std::string& s, BankMode* out);

// One banked hash as stored or imported. quality < 0 means unknown.
struct BankEntry {
  Hash256 hash;
  int quality = -1;
  std::string meta;  // whatever followed the hash on its line, or provenance
};

struct BankMatch {
  std::string bank;
  BankMode mode = BankMode::kEnabled;
  uint32_t id = 0;
  int distance = 0;
  BankEntry entry;
};

struct ImportStats {
  size_t lines = 0;     // lines read
  size_t hashes = 0;    // hashes parsed
  size_t skipped = 0;   // blank, comment and header lines
};

// Parses a hash list: one hash per line, optional fields after it, fields separated
// by commas, else tabs, else spaces. Accepted shapes include plain hex lines, the
// reference tool's "hex,quality,path", its "hash=hex,norm=..,quality=..,filename=.."
// details, "pdq <hex> ..." signal lines, and CSV with a header naming a hash column
// (hash, pdq, signal_value, hash_value, indicator) and optionally "quality". Blank
// lines and lines starting with '#' are skipped. A line without a 256-bit hash is an
// error naming its line number (nothing is returned then).
Status ParseHashList(std::istream& in, const std::string& source, std::vector<BankEntry>* out,
                     ImportStats* stats);
// Writes "hex,quality,meta" lines (quality blank when unknown; trailing empty fields
// dropped): the reference tool's own output shape, which ParseHashList reads back.
void WriteHashList(const std::vector<BankEntry>& entries, std::ostream& out);

class HashBank {
 public:
  HashBank(std::string name, BankMode mode,
           size_t compact_threshold = MultiIndexHash::kDefaultCompactThreshold);

  const std::string& name() const { return name_; }
  BankMode mode() const { return mode_.load(); }
  void set_mode(BankMode m) { mode_.store(m); }

  // Replaces the loaded entries (from a file or the store) and rebuilds the index;
  // entries added at runtime with Add() are kept on top.
  void Load(std::vector<BankEntry> entries);
  // Reads a text hash list (ParseHashList) and Load()s it; on error nothing changes.
  Status LoadFile(const std::string& path, ImportStats* stats = nullptr);
  // Appends one hash; matched from the next Query on. Returns its id.
  uint32_t Add(const BankEntry& entry);
  // Removes every entry whose hash equals `hash` exactly; returns how many.
  size_t RemoveHash(const Hash256& hash);

  // Banked hashes within `radius` of `query`, nearest first, leaving out entries whose
  // known quality is below `min_quality`. Disabled banks match nothing.
  std::vector<BankMatch> Query(const Hash256& query, int radius, int min_quality) const;

  size_t size() const { return index_.live_count(); }
  std::vector<BankEntry> Entries() const;  // live entries, by id
  void ExportText(std::ostream& out) const { WriteHashList(Entries(), out); }
  size_t MemoryBytes() const;

 private:
  BankEntry EntryLocked(uint32_t id) const;
  void AppendLocked(const BankEntry& e);

  const std::string name_;
  std::atomic<BankMode> mode_;
  mutable std::shared_mutex mu_;     // guards the per-id metadata below
  MultiIndexHash index_;
  std::vector<int8_t> quality_;      // by id; -1 unknown
  std::string meta_arena_;           // meta strings back to back
  std::vector<uint64_t> meta_start_; // by id, into meta_arena_ (end = next start)
  std::vector<BankEntry> runtime_;   // added with Add(), re-applied by Load()
};

// The process's live banks, by name. The hash_match check registers the banks of its
// config here, so file banks are loaded once and shared across config reloads.
class HashBankRegistry {
 public:
  static HashBankRegistry& Global();

  // The bank called `name`, created (empty, in `mode`) if absent.
  std::shared_ptr<HashBank> GetOrCreate(const std::string& name, BankMode mode);
  std::shared_ptr<HashBank> Find(const std::string& name) const;
  std::vector<std::shared_ptr<HashBank>> All() const;


 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<HashBank>> banks_;
};

}  // namespace postern::hash_match
