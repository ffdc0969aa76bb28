// The delivery outbox's pure rules: which state an attempt leads to, and when to retry.
#include "gateway/share/delivery.h"

#include <gtest/gtest.h>

namespace postern {
namespace {

DeliveryPolicy Policy() {
  DeliveryPolicy p;
  p.max_attempts = 5;
  p.max_age_s = 3600;
  p.base_backoff_s = 2;
  p.max_backoff_s = 60;
  return p;
}

TEST(DeliveryPolicyTest, AttemptOutcomeDecidesTheNextState) {
  const auto p = Policy();
  using K = DeliveryResult::Kind;
  EXPECT_EQ(StateAfterAttempt(p, K::kDelivered, 5, 99999), DeliveryState::kDelivered);
  EXPECT_EQ(StateAfterAttempt(p, K::kRetry, 1, 0), DeliveryState::kPending);
  EXPECT_EQ(StateAfterAttempt(p, K::kPermanent, 1, 0), DeliveryState::kDead);
  EXPECT_EQ(StateAfterAttempt(p, K::kRetry, 5, 0), DeliveryState::kDead);     // out of attempts
  EXPECT_EQ(StateAfterAttempt(p, K::kRetry, 2, 3600), DeliveryState::kDead);  // too old
  EXPECT_EQ(StateAfterAttempt(p, K::kRetry, 4, 3599), DeliveryState::kPending);
}

TEST(DeliveryPolicyTest, BackoffDoublesWithEqualJitterUnderTheCap) {
  const auto p = Policy();
  // Step after n attempts is base * 2^(n-1); jitter picks between half and all of it.
  EXPECT_EQ(RetryDelaySeconds(p, 1, -1, 0.0), 1);
  EXPECT_EQ(RetryDelaySeconds(p, 1, -1, 1.0), 2);
  EXPECT_EQ(RetryDelaySeconds(p, 3, -1, 0.0), 4);
  EXPECT_EQ(RetryDelaySeconds(p, 3, -1, 1.0), 8);
  EXPECT_EQ(RetryDelaySeconds(p, 3, -1, 0.5), 6);
  EXPECT_EQ(RetryDelaySeconds(p, 20, -1, 1.0), 60);  // capped
  EXPECT_EQ(RetryDelaySeconds(p, 20, -1, 0.0), 30);
  for (double j : {-3.0, 0.0, 0.3, 1.0, 7.0}) {
    const int64_t d = RetryDelaySeconds(p, 2, -1, j);
    EXPECT_GE(d, 2);
    EXPECT_LE(d, 4);
  }
}

TEST(DeliveryPolicyTest, NeverZeroAndRetryAfterWins) {
  DeliveryPolicy p = Policy();
  p.base_backoff_s = 0;
  EXPECT_EQ(RetryDelaySeconds(p, 1, -1, 0.0), 1);  // a zero backoff would spin
  EXPECT_EQ(RetryDelaySeconds(Policy(), 4, 120, 0.7), 120);
  EXPECT_EQ(RetryDelaySeconds(Policy(), 4, 0, 0.7), 0);  // the destination said "now"
}

}  // namespace
}  // namespace postern
