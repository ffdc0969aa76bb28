#include "tests/support/webhook_secret.h"

#include <random>

#include "tests/support/test_server.h"

namespace postern::testing {

std::string RandomWebhookSecret() {
  std::random_device rd;
  std::string key(32, '\0');
  for (auto& c : key) c = static_cast<char>(rd() & 0xff);
  return "whsec_" + Base64(key);
}

}  // namespace postern::testing
