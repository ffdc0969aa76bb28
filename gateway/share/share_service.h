// ShareService: the share path's rules. Runs the check pipeline on a validated share,
// decides what the decision writes (approved: one pending delivery per destination;
// rejected or held: one review item), stores it in one transaction, and starts inline
// deliveries. Idempotency-Key replays answer with the share first made.
#pragma once

#include <string>
#include <vector>

#include "gateway/base/metrics.h"
#include "gateway/share/delivery.h"
#include "gateway/limits/rate_limiter.h"
#include "gateway/share/runtime.h"
#include "gateway/store/store.h"

namespace postern {

// A share request after the API layer checked its shape.
struct ShareSubmission {
  ShareInput input;                       // share_id is assigned by Submit
  std::string image_bytes;                // decoded from base64
  std::vector<std::string> destinations;  // empty: the config's default destinations
  std::string idempotency_key;            // empty: none
  std::string body_hash;                  // SHA-256 of the request body, with the key
  std::string actor;                      // the product key's name
};

class ShareService {
 public:
  // `limiter` counts shares against the config's limits (null: none).
  ShareService(ShareStore* shares, DeliveryWorker* delivery, Metrics* metrics, RuntimeSource runtime,
               RateLimiter* limiter);

  // Decides and stores one share; *out is the share as stored (with its deliveries).
  // *replayed = true when the Idempotency-Key had already made a share (it is returned).
  // Throws CallerError for input the checks refuse outright (image_guard) and for a user
  // or key over its rate limit (429 rate_limited, before the image is decoded); then
  // nothing is stored. Fails with kInvalidArgument (a destination that is not enabled),
  // kIdempotencyConflict (the key was used with another body), kUnavailable.
  Status Submit(ShareSubmission submission, ShareRecord* out, bool* replayed);
  // A share with its checks and deliveries. kNotFound, kUnavailable.
  Status Get(const std::string& share_id, ShareRecord* out);

 private:
  // The share an Idempotency-Key already made, if any; kIdempotencyConflict when the
  // key came with a different body.
  Status Replay(const std::string& key, const std::string& body_hash, ShareRecord* out, bool* found);
  // Throws CallerError 429 when the user or the key is over its limit.
  void EnforceLimits(const Config& config, const ShareSubmission& sub);

  ShareStore* shares_;
  DeliveryWorker* delivery_;
  Metrics* metrics_;
  RuntimeSource runtime_;
  RateLimiter* limiter_;
};

}  // namespace postern
