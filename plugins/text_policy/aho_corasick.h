// AhoCorasick: a multi-pattern automaton over the normalizer's folded alphabet, built
// once, then one pass per text reports every (pattern, end) occurrence. The goto
// function is completed into a dense DFA, so a scan is one table load per byte.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postern::text_policy {

class AhoCorasick {
 public:
  AhoCorasick();
  // Adds a pattern (folded alphabet); returns its dense id. Adding the same text twice
  // returns the first id. Call before Build().
  int Add(std::string_view pattern);
  void Build();
  size_t pattern_count() const { return lengths_.size(); }
  size_t pattern_length(int id) const { return lengths_[id]; }
  size_t state_count() const { return out_begin_.size() ? out_begin_.size() - 1 : 0; }

  // Calls on_match(pattern_id, last_index) for every occurrence, in text order.
  template <typename F>
  void Scan(std::string_view text, F&& on_match) const {
    if (!next16_.empty()) ScanTable(next16_.data(), text, on_match);
    else ScanTable(next_.data(), text, on_match);
  }

 private:
  // One table load per byte; the scan waits on it, so a smaller table is a faster scan.
  template <typename Entry, typename F>
  __attribute__((always_inline)) void ScanTable(const Entry* next, std::string_view text, F& on_match) const {
    uint32_t state = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      const uint32_t entry = next[state * kAlphabet + symbol_[static_cast<unsigned char>(text[i])]];
      state = entry >> 1;
      if (entry & 1)
        for (uint32_t k = out_begin_[state], e = out_begin_[state + 1]; k < e; ++k) on_match(out_[k], i);
    }
  }

  static constexpr int kAlphabet = 40;
  std::array<uint8_t, 256> symbol_{};
  // state * kAlphabet + symbol -> next state << 1 | (next state has outputs); states are
  // numbered breadth-first after Build().
  std::vector<uint32_t> next_;
  std::vector<uint16_t> next16_;     // the same table when entries fit 16 bits (then next_ is empty)
  std::vector<uint32_t> out_begin_;  // outputs of state s: out_[out_begin_[s] .. out_begin_[s+1])
  std::vector<int32_t> out_;
  std::vector<int32_t> terminal_;    // build only: pattern ending at each trie node, or -1
  std::vector<uint32_t> lengths_;
  bool built_ = false;
};

}  // namespace postern::text_policy
