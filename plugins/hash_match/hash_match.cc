#include "plugins/hash_match/hash_match.h"

#include <algorithm>
#include <filesystem>

#include "gateway/store/store.h"
#include "plugins/hash_match/bank_records.h"
#include "plugins/hash_match/stored_pixels.h"

namespace postern::hash_match {

const PdqResult& SharePdq(ImageAnalysis& image) {
  return image.Get<PdqResult>(kPdqCacheKey, [&image] {
    if (!image.bgr().empty()) return PdqHash(image.bgr());
    cv::Mat pixels;
    return DecodeForPdq(image.bytes(), &pixels).ok() ? PdqHash(pixels) : PdqResult{};
  });
}

const std::optional<PdqResult>& ShareStoredPdq(ImageAnalysis& image) {
  return image.Get<std::optional<PdqResult>>(kPdqStoredCacheKey, [&image] {
    std::optional<PdqResult> out;
    if (image.bgr().empty() || !StoredPixelsDiffer(image.bytes())) return out;
    cv::Mat pixels;
    if (DecodeForPdq(image.bytes(), &pixels).ok()) out = PdqHash(pixels);
    return out;
  });
}

bool PdqFromEvidence(const json& evidence, PdqResult* out, PdqResult* stored) {
  auto read = [&evidence](const char* hash_key, const char* quality_key, PdqResult* r) {
    if (!evidence.is_object() || !evidence.contains(hash_key) || !evidence[hash_key].is_string())
      return false;
    if (!Hash256::FromHex(evidence[hash_key].get<std::string>(), &r->hash)) return false;
    r->quality = evidence.value(quality_key, 0);
    return true;
  };
  if (stored && !read("pdq_stored", "quality_stored", stored)) *stored = PdqResult{};
  return read("pdq", "quality", out);
}

namespace {

json MatchJson(const BankMatch& m, const char* variant) {
  json j = {{"bank", m.bank},
            {"distance", m.distance},
            {"matched_hash", m.entry.hash.ToHex()},
            {"variant", variant}};
  if (m.entry.quality >= 0) j["bank_quality"] = m.entry.quality;
  if (!m.entry.meta.empty()) j["meta"] = m.entry.meta;
  return j;
}

}  // namespace

HashMatchCheck::HashMatchCheck(HashMatchConfig cfg, std::vector<std::shared_ptr<HashBank>> banks,
                               ExtensionRecordStore* records, std::vector<StoreBank> store_banks)
    : cfg_(std::move(cfg)), banks_(std::move(banks)), records_(records), store_banks_(std::move(store_banks)) {
  for (const auto& sb : store_banks_) banks_.push_back(sb.bank);
  if (!records_) {
    memory_confirmed_ = std::make_shared<HashBank>(cfg_.confirmed_bank, BankMode::kEnabled);
    banks_.push_back(memory_confirmed_);
  }
}

bool HashMatchCheck::NearDuplicates(const json& evidence_a, const json& evidence_b) const {
  PdqResult a, b;
  if (!PdqFromEvidence(evidence_a, &a) || !PdqFromEvidence(evidence_b, &b)) return false;
  return HammingDistance(a.hash, b.hash) <= cfg_.group_distance;
}

Status HashMatchCheck::OnConfirmedViolation(const ConfirmedViolation& v, bool* recorded) {
  *recorded = false;
  PdqResult pdq;
  if (!PdqFromEvidence(v.evidence, &pdq)) return Status::OK();  // this check never hashed it
  BankEntry entry;
  entry.hash = pdq.hash;
  entry.quality = pdq.quality;
  entry.meta = v.reason_code;
  if (!records_) {
    entry.meta = "share " + v.share_id;
    memory_confirmed_->Add(entry);
    *recorded = true;
    return Status::OK();
  }
  int added = 0;
  Status st = records_->AppendRecords(kExtensionName, {BankRecord(cfg_.confirmed_bank, entry, v.share_id)},
                                      v.actor, &added);
  if (!st.ok()) return st;
  *recorded = added > 0;
  return Sync();  // matched on this instance from the next share on
}

Status HashMatchCheck::Sync() {
  if (!records_) return Status::OK();
  std::lock_guard<std::mutex> lock(sync_mu_);
  constexpr int kPage = 5000;
  for (auto& sb : store_banks_) {
    for (;;) {
      std::vector<ExtensionRecord> rows;
      Status st = records_->ListRecords(kExtensionName, sb.name, sb.last_id, kPage, &rows);
      if (!st.ok()) return st;
      for (const auto& r : rows) {
        BankEntry e;
        if (EntryFromRecord(r, &e)) sb.bank->Add(e);
        sb.last_id = r.id;
      }
      if (rows.size() < static_cast<size_t>(kPage)) break;
    }
  }
  return Status::OK();
}

CheckResult HashMatchCheck::Run(const ShareInput&, ImageAnalysis& image) {
  Status synced = Sync();
  if (!synced.ok()) throw std::runtime_error("hash bank sync failed: " + synced.message());
  const PdqResult& shown = SharePdq(image);
  json evidence = {{"pdq", shown.hash.ToHex()}, {"quality", shown.quality}};
  std::vector<std::pair<const char*, PdqResult>> variants = {{"displayed", shown}};
  if (cfg_.hash_stored_pixels) {
    const auto& stored = ShareStoredPdq(image);
    if (stored && stored->hash != shown.hash) {
      variants.push_back({"stored", *stored});
      evidence["pdq_stored"] = stored->hash.ToHex();
      evidence["quality_stored"] = stored->quality;
    }
  }

  struct Found {
    BankMatch match;
    const char* variant;
    int quality;
  };
  std::vector<Found> enforced, shadow;
  bool any_hashable = false;
  for (const auto& [variant, pdq] : variants) {
    if (pdq.quality < cfg_.min_quality) continue;  // flat images collide: PDQ's advice
    any_hashable = true;
    for (const auto& bank : banks_)
      for (BankMatch& m : bank->Query(pdq.hash, cfg_.max_distance, cfg_.min_quality))
        (m.mode == BankMode::kEnabled ? enforced : shadow).push_back({m, variant, pdq.quality});
  }
  if (!any_hashable) evidence["skipped"] = "low_quality";

  auto nearest = [](std::vector<Found>* v) {
    std::sort(v->begin(), v->end(), [](const Found& a, const Found& b) {
      return a.match.distance < b.match.distance;
    });
  };
  nearest(&enforced);
  nearest(&shadow);
  constexpr size_t kListed = 5;
  if (!shadow.empty()) {
    json list = json::array();
    for (size_t i = 0; i < std::min(kListed, shadow.size()); ++i)
      list.push_back(MatchJson(shadow[i].match, shadow[i].variant));
    evidence["shadow_matches"] = list;
  }
  if (enforced.empty()) return CheckResult::Allow(evidence);

  const Found& best = enforced.front();
  evidence["distance"] = best.match.distance;
  evidence["matched_hash"] = best.match.entry.hash.ToHex();
  evidence["bank"] = best.match.bank;
  evidence["quality"] = best.quality;
  evidence["variant"] = best.variant;
  if (best.match.entry.quality >= 0) evidence["bank_quality"] = best.match.entry.quality;
  if (!best.match.entry.meta.empty()) evidence["meta"] = best.match.entry.meta;
  json list = json::array();
  for (size_t i = 0; i < std::min(kListed, enforced.size()); ++i)
    list.push_back(MatchJson(enforced[i].match, enforced[i].variant));
  evidence["matches"] = list;
  if (variants.size() > 1) evidence["quality_displayed"] = shown.quality;

  CheckResult r;
  r.verdict = cfg_.action;
  r.code = "hash_match";
  r.message = "This image matches an image that may not be shared.";
  r.evidence = std::move(evidence);
  return r;
}

std::unique_ptr<HashMatchCheck> BuildHashMatchCheck(const HashMatchConfig& cfg,
                                                    const CheckDeps& deps, Status* error) {
  const std::string& confirmed_bank = cfg.confirmed_bank;
  auto& registry = HashBankRegistry::Global();
  std::vector<std::shared_ptr<HashBank>> banks;
  bool confirmed_listed = false;
  for (const BankConfig& bc : cfg.banks) {
    if (bc.name.empty()) {
      *error = Status::InvalidConfig("hash_match: a bank needs a name");
      return nullptr;
    }
    auto bank = registry.GetOrCreate(bc.name, bc.mode);
    bank->set_mode(bc.mode);
    if (!bc.file.empty()) {
      std::filesystem::path path(bc.file);
      if (path.is_relative() && !deps.config_dir.empty()) path = deps.config_dir / path;
      Status s = bank->LoadFile(path.string());
      if (!s.ok()) {
        *error = Status(s.code(), "hash_match bank " + bc.name + ": " + s.message());
        return nullptr;
      }
    }
    confirmed_listed |= bc.name == confirmed_bank;
    banks.push_back(bank);
  }
  // Banked rows in the store (confirmed violations, admin imports) for every listed bank
  // and the confirmed bank, listed or not.
  std::vector<StoreBank> store_banks;
  if (deps.records) {
    for (const BankConfig& bc : cfg.banks)
      store_banks.push_back({bc.name, std::make_shared<HashBank>(bc.name, bc.mode), 0});
    if (!confirmed_listed)
      store_banks.push_back({confirmed_bank, std::make_shared<HashBank>(confirmed_bank, BankMode::kEnabled), 0});
  }
  auto check = std::make_unique<HashMatchCheck>(cfg, std::move(banks), deps.records, std::move(store_banks));
  Status synced = check->Sync();
  if (!synced.ok()) {
    *error = Status(synced.code(), "hash_match: cannot load banked hashes: " + synced.message());
    return nullptr;
  }
  return check;
}

}  // namespace postern::hash_match
