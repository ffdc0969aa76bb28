#include "plugins/image_guard/bounded_decode.h"

#include <pthread.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace postern::image_guard {
namespace {

std::atomic<int> g_abandoned{0};

// Shared by the waiting caller and the decoding thread; the thread owns a reference,
// so an abandoned decode can still write its (ignored) result safely.
struct DecodeJob {
  std::mutex mu;
  std::condition_variable cv;
  bool started = false, done = false, abandoned = false;
  clockid_t clock{};
  cv::Mat result;
  std::exception_ptr error;
};

int64_t CpuMs(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return 0;  // the thread just ended: done is next
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

int AbandonedDecodesRunning() { return g_abandoned.load(); }

DecodeOutcome BoundedDecode(const std::function<cv::Mat()>& decode, int64_t cpu_budget_ms,
                            int max_abandoned, cv::Mat* out) {
  if (g_abandoned.load() >= max_abandoned) return DecodeOutcome::kTooManyAbandoned;
  auto job = std::make_shared<DecodeJob>();
  std::thread([job, decode] {
    {
      std::lock_guard<std::mutex> lock(job->mu);
      pthread_getcpuclockid(pthread_self(), &job->clock);
      job->started = true;
    }
    job->cv.notify_all();
    cv::Mat m;
    std::exception_ptr err;
    try {
      m = decode();
    } catch (...) {
      err = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(job->mu);
    job->result = std::move(m);
    job->error = err;
    job->done = true;
    if (job->abandoned) g_abandoned.fetch_sub(1);
    job->cv.notify_all();
  }).detach();

  std::unique_lock<std::mutex> lock(job->mu);
  job->cv.wait(lock, [&] { return job->started; });
  // Poll the decoder's CPU clock; 5 ms steps keep the overshoot small and cost nothing.
  while (!job->cv.wait_for(lock, std::chrono::milliseconds(5), [&] { return job->done; })) {
    if (CpuMs(job->clock) > cpu_budget_ms) {
      job->abandoned = true;
      g_abandoned.fetch_add(1);
      return DecodeOutcome::kOverBudget;
    }
  }
  if (job->error) std::rethrow_exception(job->error);
  *out = std::move(job->result);
  return DecodeOutcome::kDone;
}

}  // namespace postern::image_guard
