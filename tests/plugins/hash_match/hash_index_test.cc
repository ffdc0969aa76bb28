// MultiIndexHash against a brute-force scan: random hashes plus planted near
// duplicates at every distance around the threshold; updates while reading.
#include <atomic>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "plugins/hash_match/hash_index.h"

namespace postern::hash_match {
namespace {

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 h;
  for (auto& w : h.w) w = rng();
  return h;
}

// `h` with exactly `bits` distinct bits flipped.
Hash256 Flip(Hash256 h, int bits, std::mt19937_64& rng) {
  std::vector<int> pos(256);
  for (int i = 0; i < 256; ++i) pos[i] = i;
  std::shuffle(pos.begin(), pos.end(), rng);
  for (int i = 0; i < bits; ++i) h.w[pos[i] >> 6] ^= uint64_t{1} << (pos[i] & 63);
  return h;
}

void ExpectSameAsBruteForce(const MultiIndexHash& index, const Hash256& q, int radius) {
  auto got = index.Query(q, radius);
  auto want = index.BruteForce(q, radius);
  ASSERT_EQ(got.size(), want.size()) << "radius " << radius;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].distance, want[i].distance);
  }
}

TEST(HammingDistance, CountsDifferingBits) {
  std::mt19937_64 rng(1);
  Hash256 a = RandomHash(rng);
  for (int d : {0, 1, 31, 32, 128, 256}) EXPECT_EQ(HammingDistance(a, Flip(a, d, rng)), d);
}

TEST(MultiIndexHash, FullRecallOnRandomAndPlantedNearDuplicates) {
  std::mt19937_64 rng(7);
  constexpr size_t kBase = 200000;
  MultiIndexHash::HashList hashes;
  for (size_t i = 0; i < kBase; ++i) hashes.push_back(RandomHash(rng));
  // Planted clusters: copies of some hashes at distances straddling 31.
  std::vector<Hash256> seeds;
  for (int i = 0; i < 300; ++i) {
    Hash256 seed = hashes[rng() % kBase];
    seeds.push_back(seed);
    for (int d : {1, 5, 15, 25, 30, 31, 32, 33, 40}) hashes.push_back(Flip(seed, d, rng));
  }
  MultiIndexHash index;
  index.Build(std::move(hashes));
  ASSERT_EQ(index.delta_count(), 0u);  // big enough to be indexed, not scanned

  size_t found = 0;
  for (size_t i = 0; i < seeds.size(); ++i) {
    Hash256 q = Flip(seeds[i], static_cast<int>(rng() % 12), rng);
    ExpectSameAsBruteForce(index, q, 31);
    found += index.Query(q, 31).size();
  }
  EXPECT_GT(found, seeds.size() * 3);  // the planted copies were actually reachable
  for (int radius : {0, 7, 10, 21, 22, 40, 63}) ExpectSameAsBruteForce(index, Flip(seeds[3], 4, rng), radius);
  for (int i = 0; i < 50; ++i) ExpectSameAsBruteForce(index, RandomHash(rng), 31);
}

TEST(MultiIndexHash, AddedHashesAreFoundByTheNextQuery) {
  std::mt19937_64 rng(3);
  MultiIndexHash::HashList hashes;
  for (int i = 0; i < 50000; ++i) hashes.push_back(RandomHash(rng));
  MultiIndexHash index(/*compact_threshold=*/1000);
  index.Build(std::move(hashes));
  Hash256 added = RandomHash(rng);
  uint32_t id = index.Add(added);
  EXPECT_EQ(id, 50000u);
  auto m = index.Query(Flip(added, 20, rng), 31);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].id, id);
  EXPECT_EQ(m[0].distance, 20);

  // Crossing the threshold folds the delta into the index in the background.
  std::vector<Hash256> more;
  for (int i = 0; i < 2500; ++i) more.push_back(RandomHash(rng));
  for (const Hash256& h : more) index.Add(h);
  index.WaitForCompaction();
  index.Compact();
  EXPECT_EQ(index.delta_count(), 0u);
  EXPECT_EQ(index.total_count(), 52501u);
  for (int i = 0; i < 100; ++i) ExpectSameAsBruteForce(index, Flip(more[i * 25], 25, rng), 31);
  EXPECT_EQ(index.Get(id), added);

  EXPECT_TRUE(index.Remove(id));
  EXPECT_FALSE(index.Remove(id));
  EXPECT_TRUE(index.Query(added, 31).empty());
  EXPECT_EQ(index.live_count(), 52500u);
}

TEST(MultiIndexHash, SmallSetsAreScannedAndStillExact) {
  std::mt19937_64 rng(5);
  MultiIndexHash::HashList hashes;
  for (int i = 0; i < 100; ++i) hashes.push_back(RandomHash(rng));
  Hash256 target = hashes[42];
  MultiIndexHash index;
  index.Build(std::move(hashes));
  auto m = index.Query(Flip(target, 31, rng), 31);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].id, 42u);
  EXPECT_TRUE(index.Query(Flip(target, 32, rng), 31).empty());
}

TEST(MultiIndexHash, ReadersAndAWriterRunConcurrently) {
  std::mt19937_64 rng(11);
  MultiIndexHash::HashList hashes;
  for (int i = 0; i < 30000; ++i) hashes.push_back(RandomHash(rng));
  MultiIndexHash index(/*compact_threshold=*/500);
  index.Build(std::move(hashes));
  std::vector<Hash256> added;
  for (int i = 0; i < 3000; ++i) added.push_back(RandomHash(rng));

  std::atomic<int> published{0};
  std::atomic<int> misses{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&, t] {
      std::mt19937_64 r(100 + t);
      while (published.load() < static_cast<int>(added.size())) {
        int n = published.load();
        if (n == 0) continue;
        // Anything published before this query must be found.
        const Hash256& h = added[r() % n];
        if (index.Query(Flip(h, 10, r), 31).empty()) ++misses;
      }
    });
  for (const Hash256& h : added) {
    index.Add(h);
    published.fetch_add(1);
  }
  for (auto& t : readers) t.join();
  index.WaitForCompaction();
  EXPECT_EQ(misses.load(), 0);
  EXPECT_EQ(index.total_count(), 33000u);
  for (int i = 0; i < 50; ++i) ExpectSameAsBruteForce(index, Flip(added[i * 60], 29, rng), 31);
}

}  // namespace
}  // namespace postern::hash_match
