// ChangeWatcher: this instance's view of the store's change counters (store.h). A thread
// reads them every poll_ms, so a write by another instance shows here within that; a
// write by this process shows at once, because Value() re-reads the counters whenever the
// store's local write generation has moved. Caches compare Value() with the value they
// were filled at; listeners hear of every counter that moved (e.g. "config").
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/store/store.h"

namespace postern {

class ChangeWatcher {
 public:
  using Listener = std::function<void(const std::string& name, int64_t value)>;
  ChangeWatcher(ChangeCounterStore* store, int poll_ms);
  ~ChangeWatcher();

  // Starts the polling thread (reads the counters once first).
  void Start();
  void Stop();
  // Counter `name` as of now, 0 if never bumped. While storage cannot be read the last
  // known value stands (caches keep serving what they hold).
  int64_t Value(const std::string& name);
  // Counter `name` if known without reading storage (this process wrote nothing since the
  // last read); false otherwise.
  bool ValueIfCurrent(const std::string& name, int64_t* out);
  // Called on the polling thread with each counter that moved since the last call (never
  // for the values found at Start); add listeners before Start.
  void Listen(Listener l) { listeners_.push_back(std::move(l)); }

 private:
  void Refresh();
  void Notify();  // polling thread only

  ChangeCounterStore* store_;
  const int poll_ms_;
  std::atomic<uint64_t> seen_generation_{~uint64_t(0)};
  std::mutex refresh_mu_;
  std::shared_mutex values_mu_;
  std::map<std::string, int64_t> values_;
  std::vector<Listener> listeners_;
  bool failing_ = false;                   // under refresh_mu_
  std::map<std::string, int64_t> notified_;  // what listeners were told; polling thread only
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace postern
