// UnicodeFold: what one code point becomes before matching (ASCII letters, a space,
// nothing). Built once from ICU (NFKC case folding, mark removal, confusable
// skeletons) so the per-text path never calls ICU for planes 0 and 1.
#pragma once

#include <cstdint>
#include <string>

namespace postern::text_policy {

enum class FoldKind : uint8_t {
  kAscii,        // 1..3 ASCII bytes in `bytes`
  kDrop,         // invisible (default-ignorable): removed, letters on both sides join
  kMark,         // combining mark: removed, its bytes belong to the previous letter
  kOtherLetter,  // a letter with no Latin look-alike (kana, Han, ...): a word character
  kSpace,        // punctuation, symbols, emoji, whitespace: a word boundary
  kBidiReverse,  // right-to-left override/isolate: displayed text runs backwards
  kBidiEnd,      // pop directional formatting / isolate
};

struct CodePointFold {
  FoldKind kind = FoldKind::kSpace;
  uint8_t len = 0;    // number of bytes used in `bytes` (kAscii only)
  char bytes[3] = {0, 0, 0};
};

// The fold of `cp` (any value; invalid code points fold to kSpace). Thread-safe;
// the first call builds the table (about 0.1 s).
CodePointFold FoldCodePoint(uint32_t cp);

// Builds the table now (the check's factory calls it so the first share is not slow).
void WarmUpFoldTable();

}  // namespace postern::text_policy
