// Test support: Standard Webhooks signing secrets, as an operator would generate them.
#pragma once

#include <string>

namespace postern::testing {

// "whsec_" + base64 of 32 random bytes (inside the spec's 24..64), different every call.
std::string RandomWebhookSecret();

}  // namespace postern::testing
