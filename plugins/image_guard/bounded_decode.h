// BoundedDecode: runs a decoder on its own thread and stops waiting for it once that
// thread has used `cpu_budget_ms` of CPU time. OpenCV's decoders cannot be interrupted,
// so an abandoned decode runs to its end in the background; at most `max_abandoned`
// may do so at once, after which new decodes are refused instead of started.
#pragma once

#include <functional>

#include <opencv2/core.hpp>

namespace postern::image_guard {

enum class DecodeOutcome { kDone, kOverBudget, kTooManyAbandoned };

// Runs `decode` and, on kDone, moves its result to *out (an exception it throws is
// rethrown here). kOverBudget: the decoder used more than cpu_budget_ms of its thread's
// CPU time (measured, not wall time, so a loaded machine does not refuse good images).
// kTooManyAbandoned: max_abandoned earlier decodes are still running; nothing started.
DecodeOutcome BoundedDecode(const std::function<cv::Mat()>& decode, int64_t cpu_budget_ms,
                            int max_abandoned, cv::Mat* out);

// How many abandoned decodes are still running (for tests and metrics).
int AbandonedDecodesRunning();

}  // namespace postern::image_guard
