// Small helpers shared across the gateway: hashing, base64, ids, time formatting.
#pragma once

#include <cstdint>
#include <string>

namespace postern {

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(const std::string& data);
// Strict base64 decode (standard alphabet, padding optional, whitespace not allowed).
// Returns false on any invalid character or length.
bool Base64Decode(const std::string& in, std::string* out);
std::string Base64Encode(const std::string& in);
// A random identifier: `prefix` + 20 lower-case hex chars from OpenSSL's RNG.
std::string NewId(const std::string& prefix);
// ISO-8601 UTC, e.g. "2026-11-25T16:00:00Z".
std::string IsoTime(int64_t unix_seconds);
// True if `s` is valid UTF-8.
bool IsValidUtf8(const std::string& s);

}  // namespace postern
