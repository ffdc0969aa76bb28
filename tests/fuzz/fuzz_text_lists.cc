// The text_policy list-file loader and the matcher compiled from what it accepts: any bytes
// as a list file give a rule book or an error that says why, never a crash, a hang or a
// huge allocation. Inputs naming a `source:` word list are skipped: that path is an
// admin's file name and may be a device.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/text_policy/matcher.h"
#include "plugins/text_policy/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (text.find("source") != std::string::npos) return 0;
  postern::text_policy::RuleBook book;
  postern::Status st = postern::text_policy::ParseListText(text, "/fuzz/list.yaml", "/nonexistent", &book);
  if (!st.ok()) {
    if (st.message().empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  auto matcher = postern::text_policy::Matcher::Compile(book, postern::text_policy::MatcherOptions(), &st);
  if (!matcher && st.message().empty()) __builtin_trap();
  if (matcher) {
    std::vector<postern::text_policy::Finding> found;
    matcher->FindAll("you stupid idiot, the history of a glass", &found);
  }
  return 0;
}
