#include "gateway/services/change_watcher.h"

#include "gateway/base/log.h"

namespace postern {

ChangeWatcher::ChangeWatcher(ChangeCounterStore* store, int poll_ms) : store_(store), poll_ms_(poll_ms) {}

ChangeWatcher::~ChangeWatcher() { Stop(); }

void ChangeWatcher::Start() {
  Refresh();
  {
    std::shared_lock<std::shared_mutex> lock(values_mu_);
    notified_ = values_;
  }
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(stop_mu_);
    while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_; })) {
      lock.unlock();
      Refresh();
      Notify();
      lock.lock();
    }
  });
}

void ChangeWatcher::Notify() {
  std::map<std::string, int64_t> now;
  {
    std::shared_lock<std::shared_mutex> lock(values_mu_);
    now = values_;
  }
  for (const auto& [name, value] : now) {
    auto it = notified_.find(name);
    if (it != notified_.end() && it->second == value) continue;
    notified_[name] = value;
    for (const auto& l : listeners_) l(name, value);
  }
}

void ChangeWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t ChangeWatcher::Value(const std::string& name) {
  if (store_->LocalWriteGeneration() != seen_generation_.load()) Refresh();
  std::shared_lock<std::shared_mutex> lock(values_mu_);
  auto it = values_.find(name);
  return it == values_.end() ? 0 : it->second;
}

bool ChangeWatcher::ValueIfCurrent(const std::string& name, int64_t* out) {
  if (store_->LocalWriteGeneration() != seen_generation_.load()) return false;
  std::shared_lock<std::shared_mutex> lock(values_mu_);
  auto it = values_.find(name);
  *out = it == values_.end() ? 0 : it->second;
  return true;
}

void ChangeWatcher::Refresh() {
  std::lock_guard<std::mutex> refreshing(refresh_mu_);
  // Taken before the read: a write committed after it moves the generation again, so the
  // next Value() reads once more instead of trusting this read.
  const uint64_t generation = store_->LocalWriteGeneration();
  std::map<std::string, int64_t> now;
  Status st = store_->ReadCounters(&now);
  if (!st.ok()) {
    if (!failing_) LogJson(spdlog::level::warn, {{"event", "change_counters_unreadable"}, {"error", st.ToString()}});
    failing_ = true;
    return;
  }
  if (failing_) LogJson(spdlog::level::info, {{"event", "change_counters_readable"}});
  failing_ = false;
  {
    std::unique_lock<std::shared_mutex> lock(values_mu_);
    values_ = std::move(now);
  }
  seen_generation_.store(generation);
}

}  // namespace postern
