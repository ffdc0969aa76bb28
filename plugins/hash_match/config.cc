// hash_match's schema (the only place its defaults live), typed config and factory.
#include "plugins/hash_match/hash_match.h"

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
      {"confirmed_bank", FieldType::kString, "confirmed", {}, {}, {},
       "bank that reviewer-confirmed violations' hashes go into (kept in the store)"},
      {"group_distance", FieldType::kInt, 31, 0, 128, {},
       "PDQ distance at which pending review items are grouped as near-duplicates"},
  };
}

HashMatchConfig ParseHashMatchConfig(const json& c) {
  HashMatchConfig cfg;
  cfg.max_distance = c.at("max_distance").get<int>();
  cfg.min_quality = c.at("min_quality").get<int>();
  ParseEnum(c.at("action").get<std::string>(), &cfg.action);  // one_of reject|hold in the schema
  cfg.hash_stored_pixels = c.at("hash_stored_pixels").get<bool>();
  cfg.confirmed_bank = c.at("confirmed_bank").get<std::string>();
  cfg.group_distance = c.at("group_distance").get<int>();
  for (const json& b : c.at("banks")) {
    BankConfig bc;
    bc.name = b.at("name").get<std::string>();
    bc.file = b.at("file").get<std::string>();
    ParseBankMode(b.at("mode").get<std::string>(), &bc.mode);  // one_of in the schema
    cfg.banks.push_back(bc);
  }
  return cfg;
}

namespace {

class HashMatchFactory : public CheckFactory {
 public:
  std::string name() const override { return "hash_match"; }
  ConfigSchema schema() const override { return HashMatchSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                Status* error) const override {
    return BuildHashMatchCheck(ParseHashMatchConfig(config), deps, error);
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(HashMatchFactory);

}  // namespace postern::hash_match
