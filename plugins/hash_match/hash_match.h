// hash_match: rejects shares whose image is a near-duplicate (PDQ Hamming distance <=
// max_distance) of a hash in an enabled bank; shadow banks only record their matches.
// The share's PDQ is computed once and cached in the ImageAnalysis for other code.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway/check.h"
#include "plugins/hash_match/hash_bank.h"
#include "plugins/hash_match/pdq.h"

namespace postern::hash_match {

// ImageAnalysis cache keys (use with the exact value types below).
inline constexpr char kPdqCacheKey[] = "pdq";               // PdqResult
inline constexpr char kPdqStoredCacheKey[] = "pdq_stored";  // std::optional<PdqResult>

// PDQ of the share's displayed pixels (image.bgr(); the file's own pixels if nothing
// decoded it yet), computed once per share.
const PdqResult& SharePdq(ImageAnalysis& image);
// PDQ of the file's stored pixel grid as reference PDQ tools see it, when that grid
// differs from the displayed one (EXIF rotation, transparency); nullopt otherwise.
const std::optional<PdqResult>& ShareStoredPdq(ImageAnalysis& image);

// The PDQ hash(es) the check records in its evidence on every verdict ("pdq",
// "quality", and "pdq_stored"/"quality_stored" when computed), for review code that
// banks a confirmed share. Returns false when the evidence has none.
bool PdqFromEvidence(const json& evidence, PdqResult* out, PdqResult* stored = nullptr);

struct BankConfig {
  std::string name;
  std::string file;  // text hash list; relative paths are from the config file's directory
  BankMode mode;
};

struct HashMatchConfig {
  int max_distance;         // largest Hamming distance (of 256 bits) that is the same image
  int min_quality;          // PDQ quality below which a hash is not matched
  Verdict action;           // kReject or kHold on a match in an enabled bank
  std::vector<BankConfig> banks;
  bool hash_stored_pixels;  // also hash the stored pixel grid when it differs
  std::string confirmed_bank;  // where reviewer-confirmed violations' hashes go
  int group_distance;       // distance at which pending review items are near-duplicates
};

// Rows the store holds for one bank (confirmed violations, admin imports), mirrored into
// a bank private to this check instance and topped up before every share, so a hash
// banked by any gateway process is matched from the next share on.
struct StoreBank {
  std::string name;
  std::shared_ptr<HashBank> bank;
  int64_t last_id = 0;
};

class HashMatchCheck : public Check {
 public:
  // `records` may be null (tools, unit tests): banks are then files and memory only.
  HashMatchCheck(HashMatchConfig cfg, std::vector<std::shared_ptr<HashBank>> banks,
                 ExtensionRecordStore* records, std::vector<StoreBank> store_banks);
  // Adds the store rows banked since the last call.
  Status Sync();
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;

  // Review hooks: near-duplicates are shares whose PDQ hashes (from this check's
  // evidence) are within group_distance; a confirmed violation's hash goes into the
  // confirmed bank, matched from the next share on (on every instance: the store).
  bool NearDuplicates(const json& evidence_a, const json& evidence_b) const override;
  Status OnConfirmedViolation(const ConfirmedViolation& violation, bool* recorded) override;
  // Bank import and export (bank_api.cc).
  std::vector<AdminRoute> AdminRoutes() override;

 private:
  HashMatchConfig cfg_;
  std::vector<std::shared_ptr<HashBank>> banks_;
  ExtensionRecordStore* records_;
  std::mutex sync_mu_;
  std::vector<StoreBank> store_banks_;
  std::shared_ptr<HashBank> memory_confirmed_;  // the confirmed bank when there is no store
};

// Loads the configured banks (files relative to deps.config_dir) into the process-wide
// registry, adds the confirmed-violations bank and the store's rows (deps.records). On
// failure returns null and sets *error.
std::unique_ptr<HashMatchCheck> BuildHashMatchCheck(const HashMatchConfig& config,
                                                    const CheckDeps& deps, Status* error);

ConfigSchema HashMatchSchema();
HashMatchConfig ParseHashMatchConfig(const json& validated);

}  // namespace postern::hash_match
