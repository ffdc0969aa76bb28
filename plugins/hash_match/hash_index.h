// MultiIndexHash: exact Hamming-radius search over many 256-bit hashes.
//
// The 256 bits are cut into 11 blocks (3 of 24 bits, 8 of 23). If two hashes are within
// distance r, some block differs in at most r / 11 bits (pigeonhole: 11 * (r/11 + 1) > r),
// i.e. at most 2 for r <= 31. Each block is indexed by its first 16 bits (a counting-
// sorted array with a 65537-entry offset table) and keeps its remaining 7-8 "partner"
// bits inline, one byte per entry. A query probes every 16-bit key within the block
// radius, filters the bucket on the partner byte (key + partner distance <= block
// radius), and verifies the few survivors with a full popcount. Recall is exact.
//
// Memory: 32 bytes (hash) + 11 * 5 bytes (id + partner) per hash, plus 2.9 MB of offset
// tables: about 0.87 GB for 10 million hashes.
//
// Updates: the indexed base is immutable; Add() appends to a small delta that queries
// scan linearly, so an added hash is visible to the very next query. When the delta
// reaches `compact_threshold` a background thread folds it into a new base (which
// transiently needs a second copy of the base) and swaps it in. Remove() marks ids as
// removed. All methods are safe to call from several threads.
#pragma once

#include <atomic>
#include <cstdlib>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "plugins/hash_match/hash256.h"

namespace postern::hash_match {

// Allocator for the index's big arrays: blocks of 2 MB or more are 2 MB-aligned and
// advised to use transparent huge pages, because queries touch them at random and
// 4 KB pages would cost a TLB miss (page walk) on nearly every access.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n);
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const { return false; }
};
void* AllocateHugePageAware(size_t bytes);

template <typename T>
T* HugePageAllocator<T>::allocate(size_t n) {
  return static_cast<T*>(AllocateHugePageAware(n * sizeof(T)));
}

template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

struct HashMatch {
  uint32_t id = 0;     // as returned by Add / position in Build's input
  int distance = 0;
};

class MultiIndexHash {
 public:
  static constexpr int kBlocks = 11;
  static constexpr size_t kDefaultCompactThreshold = 16384;

  explicit MultiIndexHash(size_t compact_threshold = kDefaultCompactThreshold);
  ~MultiIndexHash();
  MultiIndexHash(const MultiIndexHash&) = delete;
  MultiIndexHash& operator=(const MultiIndexHash&) = delete;

  using HashList = BigVector<Hash256>;

  // Replaces the whole content; hash i gets id i. Builds the index synchronously.
  void Build(HashList hashes);
  // Appends one hash, visible to the next Query; returns its id (ids are dense and
  // never reused).
  uint32_t Add(const Hash256& hash);
  // Marks an id as removed; false if unknown or already removed.
  bool Remove(uint32_t id);
  bool IsRemoved(uint32_t id) const;

  // Every live hash within `radius` of `query`, nearest first (ties by id).
  std::vector<HashMatch> Query(const Hash256& query, int radius) const;

  // Reference answer by scanning every hash: for tests and recall checks.
  std::vector<HashMatch> BruteForce(const Hash256& query, int radius) const;

  // The hash stored under `id` (ids < total_count()).
  Hash256 Get(uint32_t id) const;
  size_t total_count() const;   // ids handed out, removed ones included
  size_t live_count() const;
  size_t delta_count() const;   // added since the last (re)build, scanned linearly

  // Folds the delta into the indexed base now (blocking); normally automatic.
  void Compact();
  // Waits for a background compaction, if one is running.
  void WaitForCompaction();
  // Bytes held by the index structures (hashes, blocks, delta).
  size_t MemoryBytes() const;

 private:
  struct Block {
    int start = 0;          // first bit of the block
    int partner_bits = 0;   // bits after the 16-bit key
    std::vector<uint32_t> offsets;   // 65537 entries: bucket k is [offsets[k], offsets[k+1])
    BigVector<uint8_t> partners;     // per entry, the block's bits after the key (+8 pad)
    BigVector<uint32_t> ids;
  };
  struct Base {
    BigVector<Hash256> hashes;       // id = position
    Block blocks[kBlocks];
  };

  static std::shared_ptr<const Base> BuildBase(BigVector<Hash256> hashes);
  static void QueryBase(const Base& base, const Hash256& query, int radius,
                        std::vector<uint32_t>* candidates);
  void MaybeStartCompaction();

  const size_t compact_threshold_;
  mutable std::shared_mutex mu_;   // guards base_, delta_, removed_
  std::shared_ptr<const Base> base_;
  std::vector<Hash256> delta_;     // ids base_->hashes.size() + i
  std::unordered_set<uint32_t> removed_;

  std::mutex compact_mu_;          // one compaction at a time
  std::mutex thread_mu_;
  std::thread compactor_;
  std::atomic<bool> compacting_{false};
};

}  // namespace postern::hash_match
