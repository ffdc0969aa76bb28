// DeliveryStateTable: what a remote connector must remember about one delivery between
// attempts (which webhook endpoints accepted it, which Instagram container it made), so
// a retry continues instead of publishing twice. Keyed by "<delivery_id>" or
// "<delivery_id>|<part>". In-process memory for now, shared by every instance of a
// connector (a config reload keeps it); it is lost on restart, see each README.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "gateway/schema.h"

namespace postern::connectors {

class DeliveryStateTable {
 public:
  // `capacity` bounds memory: the least recently written entries go first.
  explicit DeliveryStateTable(size_t capacity = 20000) : capacity_(capacity) {}

  bool Get(const std::string& key, json* out) const;
  void Put(const std::string& key, json value);
  void Erase(const std::string& key);
  // Erases every key that starts with `prefix`.
  void ErasePrefix(const std::string& prefix);
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

}  // namespace postern::connectors

namespace postern {
class Store;
}

namespace postern::connectors {

// A connector's delivery state, written through to the Store when the connector has
// one (the gateway always gives one), so it survives a crash or restart; the memory
// table answers repeated reads. Without a store it is memory only (unit tests).
class DurableDeliveryState {
 public:
  DurableDeliveryState(const std::string& connector, Store* store)
      : connector_(connector), store_(store), mem_(DeliveryStateTable::ForConnector(connector)) {}

  bool Get(const std::string& key, json* out) const;
  void Put(const std::string& key, json value);
  void Erase(const std::string& key);

 private:
  std::string connector_;
  Store* store_;
  DeliveryStateTable& mem_;
};

}  // namespace postern::connectors
