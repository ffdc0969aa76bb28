// hash_match: rejects shares whose image is a near-duplicate (PDQ Hamming distance <=
// max_distance) of a hash in an enabled bank; shadow banks only record their matches.
// The share's PDQ is computed once and cached in the ImageAnalysis for other code.
#pragma once

#include <optional>

#include "gateway/check.h"
#include "plugins/hash_match/pdq.h"

namespace postern::hash_match {

// ImageAnalysis cache keys (use with the exact value types below).
inline constexpr char kPdqCacheKey[] = "pdq";               // PdqResult
inline constexpr char kPdqStoredCacheKey[] = "pdq_stored";  // std::optional<PdqResult>

// PDQ of the share's displayed pixels (image.bgr(); the file's own pixels if nothing
// decoded it yet), computed once per share.
const PdqResult& SharePdq(ImageAnalysis& image);
// PDQ of the file's stored pixel grid as reference PDQ tools see it, when that grid
// differs from the displayed one (EXIF rotation, transparency); nullopt otherwise.
const std::optional<PdqResult>& ShareStoredPdq(ImageAnalysis& image);

// The PDQ hash(es) the check records in its evidence on every verdict ("pdq",
// "quality", and "pdq_stored"/"quality_stored" when computed), for review code that
// banks a confirmed share. Returns false when the evidence has none.
bool PdqFromEvidence(const json& evidence, PdqResult* out, PdqResult* stored = nullptr);

}  // namespace postern::hash_match
