// Hash256: a 256-bit perceptual hash (PDQ) with the hex layout used by Meta's PDQ tools
// and ThreatExchange hash lists, and the Hamming distance between two hashes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace postern::hash_match {

struct Hash256 {
  // w[0] holds bits 0..63, w[3] bits 192..255. Bit k of PDQ is DCT coefficient
  // (row k / 16, column k % 16).
  std::array<uint64_t, 4> w{};

  bool Bit(int k) const { return (w[k >> 6] >> (k & 63)) & 1; }
  void SetBit(int k) { w[k >> 6] |= uint64_t{1} << (k & 63); }
  int PopCount() const;

  // 64 lower-case hex digits: the 256-bit big-endian number whose bit k is Bit(k)
  // (the first digit carries bits 255..252), as PDQ's reference tools print it.
  std::string ToHex() const;
  // Parses exactly 64 hex digits (either case). Returns false on anything else.
  static bool FromHex(std::string_view hex, Hash256* out);

  // `len` (1..64) bits starting at bit `start`, bit `start` in the result's bit 0.
  uint64_t Bits(int start, int len) const;

  bool operator==(const Hash256& o) const { return w == o.w; }
  bool operator!=(const Hash256& o) const { return w != o.w; }
  bool operator<(const Hash256& o) const { return w < o.w; }
};

inline int PopCount64(uint64_t x) { return __builtin_popcountll(x); }

inline int HammingDistance(const Hash256& a, const Hash256& b) {
  return PopCount64(a.w[0] ^ b.w[0]) + PopCount64(a.w[1] ^ b.w[1]) +
         PopCount64(a.w[2] ^ b.w[2]) + PopCount64(a.w[3] ^ b.w[3]);
}

}  // namespace postern::hash_match
