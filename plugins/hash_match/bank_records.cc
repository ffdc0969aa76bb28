#include "plugins/hash_match/bank_records.h"

namespace postern::hash_match {

ExtensionRecord BankRecord(const std::string& bank, const BankEntry& entry, const std::string& share_id) {
  ExtensionRecord r;
  r.kind = bank;
  r.key = entry.hash.ToHex();
  r.body = {{"quality", entry.quality}, {"note", entry.meta}, {"share_id", share_id}};
  return r;
}

bool EntryFromRecord(const ExtensionRecord& record, BankEntry* out) {
  if (!Hash256::FromHex(record.key, &out->hash)) return false;
  const json& q = record.body.contains("quality") ? record.body["quality"] : json();
  out->quality = q.is_number_integer() ? q.get<int>() : -1;
  const json& share = record.body.contains("share_id") ? record.body["share_id"] : json();
  const json& note = record.body.contains("note") ? record.body["note"] : json();
  if (share.is_string() && !share.get<std::string>().empty()) out->meta = "share " + share.get<std::string>();
  else out->meta = note.is_string() ? note.get<std::string>() : "";
  return true;
}

bool ValidBankName(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
}

}  // namespace postern::hash_match
