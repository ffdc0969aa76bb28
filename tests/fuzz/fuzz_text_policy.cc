// The text normaliser and matcher with the shipped lists, and two oracles: an invisible code
// point inside a word never changes a verdict, and the normaliser's one-pass path writes
// what its full path writes.
// Needs POSTERN_SOURCE_DIR (config/textpolicy) and POSTERN_ASSETS (the fetched list).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "plugins/text_policy/normalizer.h"
#include "plugins/text_policy/text_policy.h"

namespace {

const postern::text_policy::TextPolicyCheck& Check() {
  static std::unique_ptr<postern::text_policy::TextPolicyCheck> check = [] {
    const char* src = std::getenv("POSTERN_SOURCE_DIR");
    const char* assets = std::getenv("POSTERN_ASSETS");
    postern::CheckDeps deps;
    deps.config_dir = std::string(src ? src : ".") + "/config";
    deps.data_dir = assets ? assets : std::string(src ? src : ".") + "/assets";
    postern::Status st;
    auto c = postern::text_policy::BuildTextPolicyCheck(postern::text_policy::DefaultTextPolicyConfig(), deps, &st);
    if (!c) __builtin_trap();  // set POSTERN_SOURCE_DIR and POSTERN_ASSETS
    return c;
  }();
  return *check;
}

bool IsWordByte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const postern::CheckResult plain = Check().JudgeText(text, "");
  // Oracle: a word joiner (U+2060) between two ASCII letters changes nothing.
  for (size_t i = 1; i < text.size(); ++i) {
    if (!IsWordByte(text[i - 1]) || !IsWordByte(text[i])) continue;
    const std::string joined = text.substr(0, i) + "\xE2\x81\xA0" + text.substr(i);
    const postern::CheckResult r = Check().JudgeText(joined, "");
    if (r.verdict != plain.verdict || r.code != plain.code) __builtin_trap();
    break;  // one place per input keeps each run fast; the fuzzer varies the rest
  }
  // Oracle: a trailing pop-directional-formatting mark (no unit, and it cannot complete a
  // truncated UTF-8 sequence) sends the text down the full path; every field must agree
  // with the one-pass path, which the text alone may take.
  postern::text_policy::NormalizedText fast, full;
  const postern::text_policy::NormalizeOptions& options = Check().matcher().normalize_options();
  postern::text_policy::Normalize(text, &fast, options);
  postern::text_policy::Normalize(text + "\xE2\x80\xAC", &full, options);
  if (fast.text != full.text || fast.begin != full.begin || fast.end != full.end || fast.run != full.run ||
      fast.spaced != full.spaced)
    __builtin_trap();
  return 0;
}
