#include "tests/support/webhook_receiver.h"

#include <random>

#include "tests/support/test_server.h"

namespace postern::testing {

std::string RandomWebhookSecret() {
  std::random_device rd;
  std::string key(32, '\0');
  for (auto& c : key) c = static_cast<char>(rd() & 0xff);
  return "whsec_" + Base64(key);
}

std::string DeliverToLocalReceiverYaml(int receiver_port, const std::string& secret, int timeout_ms,
                                       const std::string& webhook_extra) {
  return "connectors:\n"
         "  - name: showcase\n"
         "  - name: webhook\n"
         "    config:\n"
         "      endpoints:\n"
         "        - {url: \"http://127.0.0.1:" + std::to_string(receiver_port) + "/hook\", secret: \"" + secret + "\"}\n"
         "      timeout_ms: " + std::to_string(timeout_ms) + "\n" + webhook_extra +
         "shares:\n"
         "  default_destinations: [showcase, webhook]\n"
         "delivery:\n"
         "  workers: 2\n"
         "  base_backoff_s: 1\n"
         "  max_backoff_s: 2\n"
         "  max_attempts: 50\n";
}

}  // namespace postern::testing
