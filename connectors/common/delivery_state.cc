#include "connectors/common/delivery_state.h"

#include <map>
#include <memory>

#include "gateway/store/store.h"

namespace postern::connector_common {

bool DeliveryStateTable::Get(const std::string& key, json* out) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return false;
  *out = it->second.value;
  return true;
}

void DeliveryStateTable::Put(const std::string& key, json value) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = map_.find(key);
  if (it != map_.end()) {
    order_.erase(it->second.pos);
    map_.erase(it);
  }
  order_.push_back(key);
  map_[key] = Entry{std::move(value), std::prev(order_.end())};
  while (map_.size() > capacity_) {
    map_.erase(order_.front());
    order_.pop_front();
  }
}

void DeliveryStateTable::Erase(const std::string& key) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return;
  order_.erase(it->second.pos);
  map_.erase(it);
}

size_t DeliveryStateTable::size() const {
  std::lock_guard<std::mutex> l(mu_);
  return map_.size();
}

DeliveryStateTable& DeliveryStateTable::ForConnector(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<DeliveryStateTable>> tables;
  std::lock_guard<std::mutex> l(mu);
  auto& t = tables[name];
  if (!t) t = std::make_unique<DeliveryStateTable>();
  return *t;
}

bool DurableDeliveryState::Get(const std::string& key, json* out) const {
  if (mem_.Get(key, out)) return true;
  if (!store_) return false;
  std::string text;
  if (!store_->GetConnectorState(connector_, key, &text).ok()) return false;
  json v = json::parse(text, nullptr, false);
  if (v.is_discarded()) return false;
  mem_.Put(key, v);
  *out = std::move(v);
  return true;
}

void DurableDeliveryState::Put(const std::string& key, json value) {
  // Store first: if it fails the retry simply finds less state, never more than was true.
  if (store_) store_->PutConnectorState(connector_, key, value.dump());
  mem_.Put(key, std::move(value));
}

void DurableDeliveryState::Erase(const std::string& key) {
  if (store_) store_->DeleteConnectorState(connector_, key);
  mem_.Erase(key);
}

}  // namespace postern::connector_common
