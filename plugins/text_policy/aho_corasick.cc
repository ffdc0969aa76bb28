#include "plugins/text_policy/aho_corasick.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace postern::text_policy {

namespace {
constexpr uint32_t kNone = UINT32_MAX;
}

AhoCorasick::AhoCorasick() {
  // a-z, 0-9, space, mask, non-Latin letter; any other byte shares the last symbol.
  symbol_.fill(39);
  for (int c = 'a'; c <= 'z'; ++c) symbol_[c] = static_cast<uint8_t>(c - 'a');
  for (int c = '0'; c <= '9'; ++c) symbol_[c] = static_cast<uint8_t>(26 + c - '0');
  symbol_[' '] = 36;
  symbol_['*'] = 37;
  symbol_[0x80] = 38;
  next_.assign(kAlphabet, kNone);
  terminal_.push_back(-1);
  parent_.push_back(0);
  via_.push_back(0);
}

int AhoCorasick::Add(std::string_view pattern) {
  if (built_) throw std::logic_error("AhoCorasick::Add after Build");
  uint32_t s = 0;
  for (unsigned char c : pattern) {
    uint32_t& t = next_[s * kAlphabet + symbol_[c]];
    if (t == kNone) {
      t = static_cast<uint32_t>(terminal_.size());
      terminal_.push_back(-1);
      parent_.push_back(s);
      via_.push_back(symbol_[c]);
      next_.resize(next_.size() + kAlphabet, kNone);
    }
    s = next_[s * kAlphabet + symbol_[c]];
  }
  if (terminal_[s] < 0) {
    terminal_[s] = static_cast<int32_t>(lengths_.size());
    lengths_.push_back(static_cast<uint32_t>(pattern.size()));
  }
  return terminal_[s];
}

void AhoCorasick::Build(const std::vector<bool>& word_start_only) {
  const size_t n = terminal_.size();
  std::vector<uint32_t> fail(n, 0);
  std::vector<std::vector<int32_t>> outputs(n);
  std::deque<uint32_t> queue;
  for (int a = 0; a < kAlphabet; ++a) {
    uint32_t& t = next_[a];
    if (t == kNone) {
      t = 0;
    } else {
      fail[t] = 0;
      queue.push_back(t);
    }
  }
  if (terminal_[0] >= 0) outputs[0].push_back(terminal_[0]);
  // Breadth-first: a node's failure state is finished before its children need it.
  while (!queue.empty()) {
    uint32_t s = queue.front();
    queue.pop_front();
    if (terminal_[s] >= 0) outputs[s].push_back(terminal_[s]);
    const auto& inherited = outputs[fail[s]];
    outputs[s].insert(outputs[s].end(), inherited.begin(), inherited.end());
    for (int a = 0; a < kAlphabet; ++a) {
      uint32_t& t = next_[s * kAlphabet + a];
      if (t == kNone) {
        t = next_[fail[s] * kAlphabet + a];
      } else {
        fail[t] = next_[fail[s] * kAlphabet + a];
        queue.push_back(t);
      }
    }
  }
  // A state is the last `depth` symbols read. An output of length L in a deeper state has
  // the symbol before it inside the state: when that is not a space, a word_start_only
  // pattern cannot start a word there (barring letters written apart).
  std::vector<uint32_t> depth(n, 0);
  for (size_t s = 1; s < n; ++s) depth[s] = depth[parent_[s]] + 1;  // parents come first
  auto reported_at_word_start = [&](uint32_t s, int32_t id) {
    if (static_cast<size_t>(id) >= word_start_only.size() || !word_start_only[id]) return true;
    if (depth[s] == lengths_[id]) return true;  // what comes before is not known
    uint32_t back = s;
    for (uint32_t k = 0; k < lengths_[id]; ++k) back = parent_[back];
    return via_[back] == symbol_[' '];
  };
  // Number states breadth-first (the shallow states a scan visits most sit together at the
  // start of the table) within three groups: no outputs, outputs only for every_output
  // scans, outputs for every scan.
  std::vector<uint8_t> group(n, 0);
  for (uint32_t s = 0; s < n; ++s)
    if (!outputs[s].empty())
      group[s] = std::any_of(outputs[s].begin(), outputs[s].end(), [&](int32_t id) { return reported_at_word_start(s, id); }) ? 2 : 1;
  std::vector<uint32_t> bfs = {0}, order, renumber(n, 0);
  bfs.reserve(n);
  std::vector<bool> seen(n, false);
  seen[0] = true;
  for (size_t i = 0; i < bfs.size(); ++i)
    for (int a = 0; a < kAlphabet; ++a) {
      uint32_t t = next_[bfs[i] * kAlphabet + a];
      if (!seen[t]) seen[t] = true, bfs.push_back(t);
    }
  order.reserve(n);
  for (uint8_t g = 0; g < 3; ++g) {
    if (g == 1) outputs_begin_ = static_cast<uint32_t>(order.size());
    if (g == 2) word_start_outputs_begin_ = static_cast<uint32_t>(order.size());
    for (uint32_t s : bfs)
      if (group[s] == g) order.push_back(s);
  }
  for (size_t i = 0; i < order.size(); ++i) renumber[order[i]] = static_cast<uint32_t>(i);
  start_ = renumber[0];
  std::vector<uint32_t> packed(n * kAlphabet);
  for (size_t i = 0; i < n; ++i)
    for (int a = 0; a < kAlphabet; ++a) packed[i * kAlphabet + a] = renumber[next_[order[i] * kAlphabet + a]];
  next_.swap(packed);
  if (n <= (1u << 16)) {  // states fit 16 bits: half the table, fewer cache misses
    next16_.assign(next_.begin(), next_.end());
    next_.clear();
    next_.shrink_to_fit();
  }
  out_begin_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) out_begin_[i + 1] = out_begin_[i] + static_cast<uint32_t>(outputs[order[i]].size());
  out_.clear();
  out_.reserve(out_begin_[n]);
  for (uint32_t old : order) out_.insert(out_.end(), outputs[old].begin(), outputs[old].end());
  terminal_.clear();
  terminal_.shrink_to_fit();
  parent_.clear();
  parent_.shrink_to_fit();
  via_.clear();
  via_.shrink_to_fit();
  built_ = true;
}

}  // namespace postern::text_policy
