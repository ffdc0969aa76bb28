#include "plugins/hash_match/hash_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace postern::hash_match {
namespace {

constexpr int kKeyBits = 16;
constexpr uint32_t kBuckets = 1u << kKeyBits;

// Block layout: 3 blocks of 24 bits then 8 of 23 (256 bits in all).
constexpr int BlockLength(int b) { return b < 3 ? 24 : 23; }
constexpr int BlockStart(int b) { return b < 3 ? 24 * b : 72 + 23 * (b - 3); }

// All 16-bit masks grouped by popcount: the key variants to probe at each distance.
const std::vector<std::vector<uint16_t>>& MasksByPopcount() {
  static const std::vector<std::vector<uint16_t>> masks = [] {
    std::vector<std::vector<uint16_t>> m(kKeyBits + 1);
    for (uint32_t v = 0; v < kBuckets; ++v) m[__builtin_popcount(v)].push_back(v);
    return m;
  }();
  return masks;
}

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;

// Bit 7 of byte i set iff popcount(byte i of x) <= allowed (allowed < 8): byte-wise
// popcount by SWAR, then a carry-free compare.
inline uint64_t BytesWithinMask(uint64_t x, int allowed) {
  if (allowed == 0) {
    uint64_t t = ((x & ~kHigh) + ~kHigh) | x;  // bit 7 clear iff byte == 0
    return ~t & kHigh;
  }
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return ~(x + kOnes * static_cast<uint64_t>(0x7f - allowed)) & kHigh;
}

// Appends the id slots of bucket entries whose partner byte is within `allowed` of `qp`.
inline void ScanBucket(const uint8_t* partners, const uint32_t* ids, uint32_t lo, uint32_t hi,
                       uint8_t qp, int allowed, int partner_bits,
                       std::vector<const uint32_t*>* out) {
  if (allowed >= partner_bits) {
    for (uint32_t i = lo; i < hi; ++i) out->push_back(ids + i);
    return;
  }
  const uint64_t qq = kOnes * qp;
  uint32_t i = lo;
  for (; i < hi; i += 8) {
    uint64_t x;
    std::memcpy(&x, partners + i, 8);  // the array is padded, so this stays inside it
    uint64_t m = BytesWithinMask(x ^ qq, allowed);
    if (hi - i < 8) m &= (uint64_t{1} << (8 * (hi - i))) - 1;
    while (m) {
      out->push_back(ids + i + (__builtin_ctzll(m) >> 3));
      m &= m - 1;
    }
  }
}

// Hardware popcount where the CPU has it (an ifunc picks the clone at load time);
// without it the compiler calls a slow library routine.
#if defined(__x86_64__) && defined(__GNUC__)
#define POSTERN_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define POSTERN_POPCNT_CLONES
#endif

// Appends hashes[id] within `radius` of `query`, for each candidate id, prefetching
// a few candidates ahead because these are random accesses into a large array.
POSTERN_POPCNT_CLONES
void VerifyCandidates(const Hash256* hashes, const std::vector<uint32_t>& candidates,
                      const Hash256& query, int radius, std::vector<HashMatch>* out) {
  constexpr size_t kAhead = 16;
  const size_t nc = candidates.size();
  for (size_t i = 0; i < std::min(kAhead, nc); ++i) __builtin_prefetch(&hashes[candidates[i]]);
  for (size_t i = 0; i < nc; ++i) {
    if (i + kAhead < nc) __builtin_prefetch(&hashes[candidates[i + kAhead]]);
    const uint32_t id = candidates[i];
    int d = HammingDistance(hashes[id], query);
    if (d <= radius) out->push_back({id, d});
  }
}

// Appends every hash of hashes[0..n) within `radius`, numbered from `first_id`.
POSTERN_POPCNT_CLONES
void ScanLinear(const Hash256* hashes, size_t n, uint32_t first_id, const Hash256& query,
                int radius, std::vector<HashMatch>* out) {
  for (size_t i = 0; i < n; ++i) {
    int d = HammingDistance(hashes[i], query);
    if (d <= radius) out->push_back({first_id + static_cast<uint32_t>(i), d});
  }
}

void SortMatches(std::vector<HashMatch>* m) {
  std::sort(m->begin(), m->end(), [](const HashMatch& a, const HashMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
}

}  // namespace

void* AllocateHugePageAware(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  void* p;
  if (bytes >= kHuge) {
    p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
#ifdef MADV_HUGEPAGE
    if (p) madvise(p, (bytes + kHuge - 1) / kHuge * kHuge, MADV_HUGEPAGE);
#endif
  } else {
    p = std::malloc(bytes ? bytes : 1);
  }
  if (!p) throw std::bad_alloc();
  return p;
}

MultiIndexHash::MultiIndexHash(size_t compact_threshold)
    : compact_threshold_(std::max<size_t>(compact_threshold, 1)) {}

MultiIndexHash::~MultiIndexHash() { WaitForCompaction(); }

std::shared_ptr<const MultiIndexHash::Base> MultiIndexHash::BuildBase(
    BigVector<Hash256> hashes) {
  auto base = std::make_shared<Base>();
  base->hashes = std::move(hashes);
  const auto& h = base->hashes;
  const size_t n = h.size();
  for (int b = 0; b < kBlocks; ++b) {
    Block& blk = base->blocks[b];
    blk.start = BlockStart(b);
    blk.partner_bits = BlockLength(b) - kKeyBits;
    // Counting sort by key: counts, prefix sums, then a stable scatter in id order.
    blk.offsets.assign(kBuckets + 1, 0);
    for (size_t i = 0; i < n; ++i) ++blk.offsets[h[i].Bits(blk.start, kKeyBits) + 1];
    for (uint32_t k = 0; k < kBuckets; ++k) blk.offsets[k + 1] += blk.offsets[k];
    blk.partners.assign(n + 8, 0);  // padding lets the scan read whole 8-byte words
    blk.ids.resize(n);
    std::vector<uint32_t> cursor(blk.offsets.begin(), blk.offsets.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      uint32_t pos = cursor[h[i].Bits(blk.start, kKeyBits)]++;
      blk.partners[pos] = static_cast<uint8_t>(h[i].Bits(blk.start + kKeyBits, blk.partner_bits));
      blk.ids[pos] = static_cast<uint32_t>(i);
    }
  }
  return base;
}

// The query walks ~1,500 buckets and ~3,600 candidates at random places in
// large arrays, so it runs in phases, each prefetching a fixed distance ahead of its
// use: offsets -> bucket bytes -> candidate ids (the hashes are prefetched by
// VerifyCandidates). Doing one probe at a time leaves the CPU waiting on one miss at once.
void MultiIndexHash::QueryBase(const Base& base, const Hash256& query, int radius,
                               std::vector<uint32_t>* candidates) {
  struct Probe {
    uint32_t key;
    uint32_t lo, hi;
    uint8_t block, allowed;
  };
  thread_local std::vector<Probe> probes;
  thread_local std::vector<const uint32_t*> id_refs;
  probes.clear();
  id_refs.clear();
  const int block_radius = radius / kBlocks;
  const auto& masks = MasksByPopcount();
  constexpr size_t kAhead = 12;

  // Phase 1: every key to probe, prefetching its offset-table entry.
  for (int b = 0; b < kBlocks; ++b) {
    const Block& blk = base.blocks[b];
    const uint32_t qk = static_cast<uint32_t>(query.Bits(blk.start, kKeyBits));
    for (int d = 0; d <= std::min(block_radius, kKeyBits); ++d)
      for (uint16_t m : masks[d]) {
        const uint32_t key = qk ^ m;
        __builtin_prefetch(&blk.offsets[key]);
        probes.push_back({key, 0, 0, static_cast<uint8_t>(b),
                          static_cast<uint8_t>(std::min(block_radius - d, 255))});
      }
  }
  // Phase 2: bucket bounds, prefetching the first bytes of each bucket.
  for (Probe& p : probes) {
    const Block& blk = base.blocks[p.block];
    p.lo = blk.offsets[p.key];
    p.hi = blk.offsets[p.key + 1];
    __builtin_prefetch(blk.partners.data() + p.lo);
  }
  // Phase 3: filter each bucket on its partner bytes, prefetching the next buckets'
  // remaining lines; survivors' id slots are prefetched as they are found.
  uint8_t qp[kBlocks];
  for (int b = 0; b < kBlocks; ++b)
    qp[b] = static_cast<uint8_t>(
        query.Bits(base.blocks[b].start + kKeyBits, base.blocks[b].partner_bits));
  for (size_t i = 0; i < probes.size(); ++i) {
    if (i + kAhead < probes.size()) {
      const Probe& next = probes[i + kAhead];
      const uint8_t* np = base.blocks[next.block].partners.data();
      for (uint32_t at = (next.lo & ~63u) + 64; at < next.hi; at += 64) __builtin_prefetch(np + at);
    }
    const Probe& p = probes[i];
    const Block& blk = base.blocks[p.block];
    const size_t before = id_refs.size();
    ScanBucket(blk.partners.data(), blk.ids.data(), p.lo, p.hi, qp[p.block], p.allowed,
               blk.partner_bits, &id_refs);
    for (size_t k = before; k < id_refs.size(); ++k) __builtin_prefetch(id_refs[k]);
  }
  // Phase 4: the candidate ids themselves, prefetching the hashes they name.
  candidates->reserve(candidates->size() + id_refs.size());
  const Hash256* hashes = base.hashes.data();
  for (const uint32_t* ref : id_refs) {
    candidates->push_back(*ref);
    __builtin_prefetch(hashes + *ref);
  }
}

std::vector<HashMatch> MultiIndexHash::Query(const Hash256& query, int radius) const {
  std::vector<HashMatch> out;
  if (radius < 0) return out;
  std::shared_lock<std::shared_mutex> lock(mu_);
  uint32_t base_n = 0;
  if (base_) {
    const auto& hashes = base_->hashes;
    base_n = static_cast<uint32_t>(hashes.size());
    thread_local std::vector<uint32_t> candidates;
    candidates.clear();
    QueryBase(*base_, query, radius, &candidates);
    VerifyCandidates(hashes.data(), candidates, query, radius, &out);
    // A hash can surface through several blocks.
    std::sort(out.begin(), out.end(), [](const HashMatch& a, const HashMatch& b) { return a.id < b.id; });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const HashMatch& a, const HashMatch& b) { return a.id == b.id; }),
              out.end());
  }
  ScanLinear(delta_.data(), delta_.size(), base_n, query, radius, &out);
  if (!removed_.empty())
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const HashMatch& m) { return removed_.count(m.id) > 0; }),
              out.end());
  SortMatches(&out);
  return out;
}

std::vector<HashMatch> MultiIndexHash::BruteForce(const Hash256& query, int radius) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<HashMatch> out;
  uint32_t base_n = 0;
  if (base_) {
    base_n = static_cast<uint32_t>(base_->hashes.size());
    ScanLinear(base_->hashes.data(), base_n, 0, query, radius, &out);
  }
  ScanLinear(delta_.data(), delta_.size(), base_n, query, radius, &out);
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const HashMatch& m) { return removed_.count(m.id) > 0; }),
            out.end());
  SortMatches(&out);
  return out;
}

void MultiIndexHash::Build(HashList hashes) {
  WaitForCompaction();
  std::lock_guard<std::mutex> compact_lock(compact_mu_);
  // Small sets are cheaper to scan than to index (offset tables alone are 2.9 MB).
  std::shared_ptr<const Base> base;
  std::vector<Hash256> delta;
  if (hashes.size() >= compact_threshold_) base = BuildBase(std::move(hashes));
  else delta.assign(hashes.begin(), hashes.end());
  std::unique_lock<std::shared_mutex> lock(mu_);
  base_ = std::move(base);
  delta_ = std::move(delta);
  removed_.clear();
}

uint32_t MultiIndexHash::Add(const Hash256& hash) {
  uint32_t id;
  bool big_delta;
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    id = static_cast<uint32_t>((base_ ? base_->hashes.size() : 0) + delta_.size());
    delta_.push_back(hash);
    big_delta = delta_.size() >= compact_threshold_;
  }
  if (big_delta) MaybeStartCompaction();
  return id;
}

bool MultiIndexHash::Remove(uint32_t id) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  size_t total = (base_ ? base_->hashes.size() : 0) + delta_.size();
  if (id >= total) return false;
  return removed_.insert(id).second;
}

bool MultiIndexHash::IsRemoved(uint32_t id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return removed_.count(id) > 0;
}

Hash256 MultiIndexHash::Get(uint32_t id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  size_t base_n = base_ ? base_->hashes.size() : 0;
  return id < base_n ? base_->hashes[id] : delta_.at(id - base_n);
}

size_t MultiIndexHash::total_count() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return (base_ ? base_->hashes.size() : 0) + delta_.size();
}

size_t MultiIndexHash::live_count() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return (base_ ? base_->hashes.size() : 0) + delta_.size() - removed_.size();
}

size_t MultiIndexHash::delta_count() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return delta_.size();
}

void MultiIndexHash::Compact() {
  std::lock_guard<std::mutex> compact_lock(compact_mu_);
  std::shared_ptr<const Base> old;
  BigVector<Hash256> all;
  size_t folded;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    if (delta_.empty()) return;
    old = base_;
    folded = delta_.size();
    all.reserve((old ? old->hashes.size() : 0) + folded);
    if (old) all.insert(all.end(), old->hashes.begin(), old->hashes.end());
    all.insert(all.end(), delta_.begin(), delta_.end());
  }
  // Built without any lock: queries and adds go on against the old base + delta.
  std::shared_ptr<const Base> fresh = BuildBase(std::move(all));
  std::unique_lock<std::shared_mutex> lock(mu_);
  base_ = std::move(fresh);
  delta_.erase(delta_.begin(), delta_.begin() + static_cast<std::ptrdiff_t>(folded));
}

void MultiIndexHash::MaybeStartCompaction() {
  bool expected = false;
  if (!compacting_.compare_exchange_strong(expected, true)) return;
  std::lock_guard<std::mutex> g(thread_mu_);
  if (compactor_.joinable()) compactor_.join();  // the previous run has finished
  compactor_ = std::thread([this] {
    Compact();
    compacting_ = false;
  });
}

void MultiIndexHash::WaitForCompaction() {
  std::lock_guard<std::mutex> g(thread_mu_);
  if (compactor_.joinable()) compactor_.join();
}

size_t MultiIndexHash::MemoryBytes() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  size_t bytes = delta_.capacity() * sizeof(Hash256) + removed_.size() * 16;
  if (base_) {
    bytes += base_->hashes.capacity() * sizeof(Hash256);
    for (const Block& b : base_->blocks)
      bytes += b.offsets.capacity() * 4 + b.partners.capacity() + b.ids.capacity() * 4;
  }
  return bytes;
}

}  // namespace postern::hash_match
