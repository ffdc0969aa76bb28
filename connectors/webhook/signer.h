// Standard Webhooks signing (https://www.standardwebhooks.com, spec v1): the
// signature is base64(HMAC-SHA256(key, "<msg id>.<unix timestamp>.<body>")) sent as
// "webhook-signature: v1,<sig>". Pure functions, no HTTP.
#pragma once

#include <cstdint>
#include <string>

namespace postern::webhook {

// Parses a "whsec_<base64>" secret (the prefix is optional, as in the reference
// libraries) into the raw HMAC key. False with *error on bad base64 or a key outside
// the spec's 24..64 bytes.
bool ParseSecret(const std::string& secret, std::string* key, std::string* error);

// "v1,<base64 signature>" for one message.
std::string Sign(const std::string& key, const std::string& msg_id, int64_t timestamp,
                 const std::string& body);

}  // namespace postern::webhook
