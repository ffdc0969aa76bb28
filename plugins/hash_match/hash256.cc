#include "plugins/hash_match/hash256.h"

namespace postern::hash_match {

int Hash256::PopCount() const {
  return PopCount64(w[0]) + PopCount64(w[1]) + PopCount64(w[2]) + PopCount64(w[3]);
}

std::string Hash256::ToHex() const {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (int d = 0; d < 64; ++d) {
    // Digit d (from the left) carries bits 255 - 4d .. 252 - 4d.
    int low_bit = 252 - 4 * d;
    out[d] = kDigits[(w[low_bit >> 6] >> (low_bit & 63)) & 0xf];
  }
  return out;
}

bool Hash256::FromHex(std::string_view hex, Hash256* out) {
  if (hex.size() != 64) return false;
  Hash256 h;
  for (int d = 0; d < 64; ++d) {
    char c = hex[d];
    uint64_t v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return false;
    int low_bit = 252 - 4 * d;
    h.w[low_bit >> 6] |= v << (low_bit & 63);
  }
  *out = h;
  return true;
}

uint64_t Hash256::Bits(int start, int len) const {
  int word = start >> 6, shift = start & 63;
  uint64_t v = w[word] >> shift;
  if (shift + len > 64 && word < 3) v |= w[word + 1] << (64 - shift);
  return len >= 64 ? v : v & ((uint64_t{1} << len) - 1);
}

}  // namespace postern::hash_match
