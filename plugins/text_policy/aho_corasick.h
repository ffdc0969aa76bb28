// AhoCorasick: a multi-pattern automaton over the normalizer's folded alphabet, built
// once, then one pass per text reports every (pattern, end) occurrence. The goto
// function is completed into a dense DFA, so a scan is one table load per byte.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postern::text_policy {

class AhoCorasick {
 public:
  AhoCorasick();
  // Adds a pattern (folded alphabet); returns its dense id. Adding the same text twice
  // returns the first id. Call before Build().
  int Add(std::string_view pattern);
  // word_start_only[id]: pattern id only counts where a word starts (see Scan); ids past
  // its end count anywhere.
  void Build(const std::vector<bool>& word_start_only = {});
  size_t pattern_count() const { return lengths_.size(); }
  size_t pattern_length(int id) const { return lengths_[id]; }
  size_t state_count() const { return out_begin_.size() ? out_begin_.size() - 1 : 0; }

  // Calls on_match(pattern_id, last_index) for every occurrence, in text order. Unless
  // every_output, a word_start_only pattern with a letter or digit right before it is
  // left out: the caller asked for that when its text has no letters written apart
  // (where a word may start without a space).
  template <typename F>
  void Scan(std::string_view text, bool every_output, F&& on_match) const {
    ScanStates(text, every_output, [&](uint32_t state, size_t last) __attribute__((always_inline)) {
      for (uint32_t k = out_begin_[state], e = out_begin_[state + 1]; k < e; ++k) on_match(out_[k], last);
    });
  }
  // As Scan, but calls on_state(state, last_index) once per state worth reporting, for a
  // caller that keeps its own data per state (see outputs()).
  template <typename F>
  void ScanStates(std::string_view text, bool every_output, F&& on_state) const {
    const uint32_t reporting = every_output ? outputs_begin_ : word_start_outputs_begin_;
    if (!next16_.empty()) ScanTable(next16_.data(), text, reporting, on_state);
    else ScanTable(next_.data(), text, reporting, on_state);
  }
  // The ids of the patterns ending at a state, in the order Scan reports them.
  std::pair<const int32_t*, const int32_t*> outputs(uint32_t state) const {
    return {out_.data() + out_begin_[state], out_.data() + out_begin_[state + 1]};
  }

 private:
  // One table load per byte; the scan waits on it, so a smaller table is a faster scan.
  // States are numbered so that those worth reporting come last: one compare per byte.
  template <typename Entry, typename F>
  __attribute__((always_inline)) void ScanTable(const Entry* next, std::string_view text, uint32_t reporting,
                                                F& on_state) const {
    uint32_t state = start_;
    for (size_t i = 0; i < text.size(); ++i) {
      state = next[state * kAlphabet + symbol_[static_cast<unsigned char>(text[i])]];
      if (state >= reporting) on_state(state, i);
    }
  }

  static constexpr int kAlphabet = 40;
  std::array<uint8_t, 256> symbol_{};
  // state * kAlphabet + symbol -> next state. After Build() states go: no outputs, then
  // outputs that all need a word start the state shows is missing (a letter or digit is
  // part of the state right before the match), then the rest; breadth-first within each.
  std::vector<uint32_t> next_;
  std::vector<uint16_t> next16_;     // the same table when states fit 16 bits (then next_ is empty)
  uint32_t start_ = 0;               // the root's number after Build()
  uint32_t outputs_begin_ = 0, word_start_outputs_begin_ = 0;
  std::vector<uint32_t> out_begin_;  // outputs of state s: out_[out_begin_[s] .. out_begin_[s+1])
  std::vector<int32_t> out_;
  std::vector<int32_t> terminal_;    // build only: pattern ending at each trie node, or -1
  std::vector<uint32_t> parent_;     // build only: trie parent of each node
  std::vector<uint8_t> via_;         // build only: symbol from the parent
  std::vector<uint32_t> lengths_;
  bool built_ = false;
};

}  // namespace postern::text_policy
