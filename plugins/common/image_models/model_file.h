// Model files on disk: existence/SHA-256 checks that name the file and the setup command,
// a process-wide cache keyed by path (models load once, at start-up or config reload),
// and a small pool of cv::dnn::Net copies (a Net is not safe to run from two threads).
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/dnn.hpp>

#include "gateway/status.h"

namespace postern::image_models {

// Lower-case hex SHA-256 of a file's bytes; empty if unreadable.
std::string FileSha256(const std::string& path);

// OK if `path` exists (and matches `sha256` when not empty); otherwise a "model_missing" /
// "model_mismatch" error naming the file and scripts/fetch-assets.
Status CheckModelFile(const std::string& path, const std::string& sha256 = "");

// Resolves a configured model path: absolute paths stay, relative ones are under `base`.
std::string ResolveModelPath(const std::string& base, const std::string& path);

// Loads an ONNX net with the default CPU backend; error Status instead of a cv::Exception.
Status ReadOnnx(const std::string& path, cv::dnn::Net* net);

// N copies of one network; Acquire() blocks until one is free. Thread-safe.
class NetPool {
 public:
  class Lease {
   public:
    Lease(NetPool* pool, size_t index) : pool_(pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Release(index_); }
    cv::dnn::Net& net() { return pool_->nets_[index_]; }

   private:
    NetPool* pool_;
    size_t index_;
  };

  // Loads `copies` nets from `path`.
  Status Load(const std::string& path, int copies);
  std::unique_ptr<Lease> Acquire();

 private:
  void Release(size_t index);
  std::vector<cv::dnn::Net> nets_;
  std::vector<bool> busy_;
  std::mutex mu_;
  std::condition_variable cv_;
};

// Process-wide cache of loaded models keyed by a string (path + options), so several checks
// and config reloads share one copy. Failed loads are not cached.
template <typename T>
std::shared_ptr<T> SharedModel(const std::string& key,
                               const std::function<Status(T*)>& load, Status* error) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<T>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto existing = it->second.lock()) return existing;
  }
  auto model = std::make_shared<T>();
  Status st = load(model.get());
  if (!st.ok()) {
    if (error) *error = st;
    return nullptr;
  }
  cache[key] = model;
  return model;
}

}  // namespace postern::image_models
