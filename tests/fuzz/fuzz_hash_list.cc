// The one PDQ hash-list parser (bank files and the admin import), and the property that
// what it reads, written back, reads the same.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "plugins/hash_match/hash_bank.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<postern::hash_match::BankEntry> entries;
  postern::hash_match::ImportStats stats;
  if (!postern::hash_match::ParseHashList(in, "fuzz", &entries, &stats).ok()) return 0;
  std::ostringstream out;
  postern::hash_match::WriteHashList(entries, out);
  std::istringstream back(out.str());
  std::vector<postern::hash_match::BankEntry> again;
  if (!postern::hash_match::ParseHashList(back, "round trip", &again, nullptr).ok()) __builtin_trap();
  if (again.size() != entries.size()) __builtin_trap();
  for (size_t i = 0; i < again.size(); ++i)
    if (again[i].hash != entries[i].hash) __builtin_trap();
  return 0;
}
