// Test support for gateways that deliver to a local webhook receiver: signing secrets, as an
// operator would generate them, and the config that points the gateway at the receiver.
#pragma once

#include <string>

namespace postern::testing {

// "whsec_" + base64 of 32 random bytes (inside the spec's 24..64), different every call.
std::string RandomWebhookSecret();

// Config sections (connectors, shares, delivery) that send every share to the showcase and to
// a webhook at http://127.0.0.1:PORT/hook signed with `secret`, retried quickly (backoff 1-2 s,
// 50 attempts, 2 workers). `webhook_extra`: more lines of the webhook's config, each indented
// six spaces and ending in a newline.
std::string DeliverToLocalReceiverYaml(int receiver_port, const std::string& secret, int timeout_ms,
                                       const std::string& webhook_extra = "");

}  // namespace postern::testing
