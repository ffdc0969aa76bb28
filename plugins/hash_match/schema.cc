#include "plugins/hash_match/schema.h"

namespace postern::hash_match {

ConfigSchema HashMatchSchema() {
  ConfigField bank_mode{"mode", FieldType::kString, "enabled"};
  bank_mode.one_of = {"enabled", "shadow", "disabled"};
  bank_mode.help = "enabled: matches reject; shadow: matches are only recorded; disabled: off";
  ConfigField banks{"banks", FieldType::kObjectList, json::array()};
  banks.help = "hash banks: [{name, file, mode}]; file is a text hash list (one hex hash per line)";
  banks.fields = {
      {"name", FieldType::kString, nullptr, {}, {}, {}, "bank name (shown in evidence)"},
      {"file", FieldType::kString, "", {}, {}, {},
       "hash list to load; relative to the config file; empty = no file"},
      bank_mode,
  };
  ConfigField action{"action", FieldType::kString, "reject"};
  action.one_of = {"reject", "hold"};
  action.help = "verdict for a match in an enabled bank";
  return {
      {"max_distance", FieldType::kInt, 31, 0, 63, {},
       "largest Hamming distance (of 256 bits) that counts as the same image"},
      {"min_quality", FieldType::kInt, 50, 0, 100, {},
       "PDQ quality below which a hash is not matched (share or banked)"},
      action,
      banks,
      {"hash_stored_pixels", FieldType::kBool, true, {}, {}, {},
       "also hash the file's stored pixels (no EXIF rotation, alpha not flattened) when they "
       "differ from the displayed ones, as reference PDQ tools do"},
  };
}

HashMatchConfig HashMatchConfigFromJson(const json& c) {
  HashMatchConfig cfg;
  cfg.max_distance = c.value("max_distance", cfg.max_distance);
  cfg.min_quality = c.value("min_quality", cfg.min_quality);
  cfg.action = c.value("action", cfg.action);
  cfg.hash_stored_pixels = c.value("hash_stored_pixels", cfg.hash_stored_pixels);
  for (const json& b : c.value("banks", json::array())) {
    BankConfig bc;
    bc.name = b.value("name", std::string());
    bc.file = b.value("file", std::string());
    ParseBankMode(b.value("mode", std::string("enabled")), &bc.mode);
    cfg.banks.push_back(bc);
  }
  return cfg;
}

}  // namespace postern::hash_match
