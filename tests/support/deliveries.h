// Test support: reading a share's delivery progress from a running gateway.
#pragma once

#include <string>

#include "tests/support/test_server.h"

namespace postern::testing {

// The share's delivery to `destination` (from a POST or GET /v1/shares answer), or null.
json DeliveryTo(const json& share, const std::string& destination);

// Polls GET /v1/shares/{id} every 100 ms for up to `seconds` until the delivery to
// `destination` has `status`; returns the last delivery seen (check its status).
json WaitForDelivery(const TestServer& server, const std::string& share_id, const std::string& destination,
                     const std::string& status, int seconds);

}  // namespace postern::testing
