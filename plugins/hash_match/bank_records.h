// hash_match's rows in the store (its "daos"): one ExtensionRecord per banked hash,
// kind = the bank's name, key = the 64-hex PDQ hash, body = {quality, note, share_id}.
// The core stores them without knowing what they are.
#pragma once

#include <string>
#include <vector>

#include "gateway/check.h"
#include "gateway/store/records.h"
#include "plugins/hash_match/hash_bank.h"

namespace postern::hash_match {

// The extension name its records are kept under.
inline constexpr char kExtensionName[] = "hash_match";

// A bank entry as a record of `bank`. `share_id` is empty for imported hashes.
ExtensionRecord BankRecord(const std::string& bank, const BankEntry& entry, const std::string& share_id);
// The entry a record holds; false for a record whose key is not a PDQ hash.
bool EntryFromRecord(const ExtensionRecord& record, BankEntry* out);

// Bank names as they appear in admin URLs: a-z, 0-9, _ and -, at most 64.
bool ValidBankName(const std::string& name);

}  // namespace postern::hash_match
