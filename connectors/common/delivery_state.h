// Delivery state: what a remote connector must remember about one delivery between
// attempts (which webhook endpoints accepted it, which Instagram container it made), so
// a retry continues instead of publishing twice. Keyed by "<delivery_id>" or
// "<delivery_id>|<part>". It lives in the Store (connector_state table) and survives a
// crash or restart; DeliveryStateTable is only a bounded in-process cache in front of it.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "gateway/schema.h"

namespace postern {
class ConnectorStateStore;
}

namespace postern::connector_common {

// A bounded in-process cache of one connector's delivery state, shared by every
// instance of that connector (a config reload keeps it warm). Thread-safe.
class DeliveryStateTable {
 public:
  // `capacity` bounds memory: the least recently written entries go first.
  explicit DeliveryStateTable(size_t capacity = 20000) : capacity_(capacity) {}

  bool Get(const std::string& key, json* out) const;
  void Put(const std::string& key, json value);
  void Erase(const std::string& key);
  size_t size() const;

  // The process-wide table of one connector (by name).
  static DeliveryStateTable& ForConnector(const std::string& name);

 private:
  size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> order_;  // oldest write first
  struct Entry {
    json value;
    std::list<std::string>::iterator pos;
  };
  std::unordered_map<std::string, Entry> map_;
};

// A connector's delivery state, written through to the Store (the gateway always gives
// one) and read from the cache first, then the Store. Without a store it is the cache
// only, which unit tests use.
class DurableDeliveryState {
 public:
  DurableDeliveryState(const std::string& connector, ConnectorStateStore* store)
      : connector_(connector), store_(store), mem_(DeliveryStateTable::ForConnector(connector)) {}

  // False when the key is absent (or its stored value is not JSON).
  bool Get(const std::string& key, json* out) const;
  void Put(const std::string& key, json value);
  void Erase(const std::string& key);

 private:
  std::string connector_;
  ConnectorStateStore* store_;
  DeliveryStateTable& mem_;
};

}  // namespace postern::connector_common
