// hash_match config: match distance, quality floor, the banks to load, and where
// confirmed violations go.
#pragma once

#include <string>
#include <vector>

#include "gateway/schema.h"
#include "plugins/hash_match/hash_bank.h"

namespace postern::hash_match {

struct BankConfig {
  std::string name;
  std::string file;  // text hash list; relative paths are from the config file's directory
  BankMode mode = BankMode::kEnabled;
};

struct HashMatchConfig {
  int max_distance = 31;       // PDQ's recommended "same image" threshold
  int min_quality = 50;        // PDQ: discard hashes of quality <= 49
  std::string action = "reject";  // reject | hold
  std::vector<BankConfig> banks;
  std::string confirmed_bank = "confirmed";  // from review.hash_bank (CheckDeps)
  bool hash_stored_pixels = true;
};

ConfigSchema HashMatchSchema();
HashMatchConfig HashMatchConfigFromJson(const json& config);  // config already validated

}  // namespace postern::hash_match
