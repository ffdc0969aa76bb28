#include "tests/support/deliveries.h"

#include <chrono>
#include <thread>

namespace postern::testing {

json DeliveryTo(const json& share, const std::string& destination) {
  if (!share.is_object() || !share.contains("deliveries")) return nullptr;
  for (const auto& d : share["deliveries"])
    if (d["destination"] == destination) return d;
  return nullptr;
}

json WaitForDelivery(const TestServer& server, const std::string& share_id, const std::string& destination,
                     const std::string& status, int seconds) {
  json d;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (true) {
    d = DeliveryTo(server.Get("/v1/shares/" + share_id, kProductKey).Json(), destination);
    if (!d.is_null() && d["status"] == status) return d;
    if (std::chrono::steady_clock::now() >= end) return d;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace postern::testing
