// Small helpers shared across the gateway: hashing, base64, ids, time formatting.
#pragma once

#include <cstdint>
#include <string>

#include "gateway/schema.h"

namespace postern {

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(const std::string& data);
// Strict base64 decode (standard alphabet, padding optional, whitespace not allowed).
// Returns false on any invalid character or length.
bool Base64Decode(const std::string& in, std::string* out);
std::string Base64Encode(const std::string& in);
// A random identifier: `prefix` + 20 lower-case hex chars from OpenSSL's RNG.
std::string NewId(const std::string& prefix);
// Current unix time in seconds (one clock for storage and the API).
int64_t NowSeconds();
// ISO-8601 UTC, e.g. "2026-11-25T16:00:00Z".
std::string IsoTime(int64_t unix_seconds);
// Reads what IsoTime writes ("2026-11-25T16:00:00Z", optionally with fractional seconds,
// which are dropped); false for anything else.
bool ParseIsoTime(const std::string& text, int64_t* unix_seconds);
// Parses a request body as JSON; returns a discarded value (is_discarded()) when it
// is not JSON or nests deeper than `max_depth` (deep nesting would exhaust the stack
// in recursive copies and dumps, so it is refused before parsing).
json ParseJsonBody(const std::string& body, int max_depth = 32);
// True if `s` is valid UTF-8.
bool IsValidUtf8(const std::string& s);

// Keeps freed buffers up to 32 MB (decoded images, network tensors) in the heap instead of
// returning them to the kernel after every image. The gateway's check threads reuse their
// arenas anyway; the main thread's heap was trimmed after each image, so tools and benchmarks
// running there paid page faults the gateway does not (bench/image_checks: statistics 40 ms
// cold vs 11 ms warm). glibc only; does nothing if the admin set MALLOC_* or GLIBC_TUNABLES.
void KeepLargeBuffersInHeap();

}  // namespace postern
