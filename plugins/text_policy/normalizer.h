// Normalizer: folds a prompt or caption into the text the matcher scans, keeping a
// map from every folded byte back to the original bytes. Independent of the rules
// except for an optional dictionary that fills in masked letters ("p#rn").
//
// Folded alphabet: 'a'..'z' (but 'l' is folded into 'i', since 1, |, I and l look
// alike), '0'..'9', '*' (a masked letter), '\x80' (a non-Latin letter) and ' '
// (one space per word boundary, none at the ends).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postern::text_policy {

struct NormalizedText {
  std::string text;              // the folded text
  std::vector<uint32_t> begin;   // per folded byte: first original byte it came from
  std::vector<uint32_t> end;     // per folded byte: one past its last original byte
  std::vector<uint16_t> run;     // per folded byte: how many repeats were collapsed into it
  // Per folded byte: 1 if it came from letters written apart ("s e x"), where the
  // writer's word boundaries are lost, so any position may start or end a word.
  std::vector<uint8_t> spaced;
  void clear() {
    text.clear();
    begin.clear();
    end.clear();
    run.clear();
    spaced.clear();
  }
};

// Fills masked letters ('*') in a folded word with a word the rules know.
class MaskDictionary {
 public:
  virtual ~MaskDictionary() = default;
  // Returns true and rewrites `word` when a known word of the same length fits.
  virtual bool Resolve(std::string* word) const = 0;
};

struct NormalizeOptions {
  bool collapse_runs = true;              // "seeeex" -> "sex" (run counts kept in `run`)
  const MaskDictionary* masks = nullptr;  // null: masked letters stay '*'
};

// Folds any bytes (invalid UTF-8 becomes a word boundary). Linear in input size.
// Thread-safe; reuses per-thread scratch memory.
// Bytes of the invisible code point (or ASCII control) at s[i] that matching ignores, as
// Normalize drops it; 0 if what starts there is visible.
size_t InvisibleLengthAt(std::string_view s, size_t i);

void Normalize(std::string_view input, NormalizedText* out, const NormalizeOptions& options = {});

// Convenience: just the folded text.
std::string Fold(std::string_view input, const NormalizeOptions& options = {});

}  // namespace postern::text_policy
