#include "gateway/share/pipeline.h"

#include <chrono>
#include <future>
#include <thread>

namespace postern {

namespace {

Verdict OnErrorVerdict(OnError on_error) {
  if (on_error == OnError::kReject) return Verdict::kReject;
  if (on_error == OnError::kAllow) return Verdict::kAllow;
  return Verdict::kHold;
}

}  // namespace

std::unique_ptr<Pipeline> Pipeline::Build(const Config& config, const CheckDeps& deps,
                                          std::vector<std::string>* errors) {
  auto p = std::unique_ptr<Pipeline>(new Pipeline());
  for (size_t i = 0; i < config.plugins.size(); ++i) {
    const PluginConfig& pc = config.plugins[i];
    Step step{pc, nullptr};
    if (pc.enabled) {
      Status st;
      auto check = CheckRegistry().at(pc.name)->Create(pc.config, deps, &st);
      if (!check) {
        errors->push_back("plugins[" + std::to_string(i) + "] (" + pc.name + "): " + st.message());
        continue;
      }
      step.check = std::shared_ptr<Check>(std::move(check));
    }
    p->steps_.push_back(std::move(step));
  }
  // Every later check relies on decoded, size-checked pixels.
  if (p->steps_.empty() || p->steps_[0].config.name != "image_guard" || !p->steps_[0].check ||
      p->steps_[0].config.mode != CheckMode::kEnforce)
    errors->push_back("plugins[0]: must be image_guard, enabled, in enforce mode");
  if (!errors->empty()) return nullptr;
  return p;
}

Pipeline::Outcome Pipeline::Run(const ShareInput& share, const std::shared_ptr<ImageAnalysis>& image,
                                Metrics* metrics) const {
  Outcome out;
  bool rejected = false, held = false;
  for (size_t i = 0; i < steps_.size(); ++i) {
    const Step& step = steps_[i];
    if (!step.check) continue;
    const auto& pc = step.config;
    CheckRecord rec;
    rec.plugin = pc.name;
    rec.mode = pc.mode;
    auto start = std::chrono::steady_clock::now();
    CheckResult result;
    bool failed = false;
    std::string failure_code, failure_detail;
    if (i == 0) {
      // image_guard runs inline: it is cheap and its CallerError must reach the caller.
      result = step.check->Run(share, *image);
    } else {
      // Other checks run on their own thread so timeout_ms bounds the share's latency;
      // a timed-out check finishes in the background holding its own references.
      auto check = step.check;
      auto input = std::make_shared<ShareInput>(share);
      auto task = std::make_shared<std::packaged_task<CheckResult()>>(
          [check, input, image]() { return check->Run(*input, *image); });
      auto fut = task->get_future();
      std::thread([task]() { (*task)(); }).detach();
      if (fut.wait_for(std::chrono::milliseconds(pc.timeout_ms)) != std::future_status::ready) {
        failed = true;
        failure_code = "plugin_timeout";
        failure_detail = "no verdict within " + std::to_string(pc.timeout_ms) + " ms";
      } else {
        try {
          result = fut.get();
        } catch (const std::exception& e) {
          failed = true;
          failure_code = "plugin_error";
          failure_detail = e.what();
        } catch (...) {
          failed = true;
          failure_code = "plugin_error";
          failure_detail = "unknown exception";
        }
      }
    }
    rec.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (failed) {
      result.verdict = OnErrorVerdict(pc.on_error);
      result.code = failure_code;
      result.message = result.verdict == Verdict::kAllow ? "" : "This post needs a closer look.";
      result.evidence = {{"error", failure_detail}, {"on_error", EnumName(pc.on_error)}};
    }
    rec.verdict = result.verdict;
    rec.failed = failed;
    rec.code = result.code;
    rec.message = result.message;
    rec.evidence = result.evidence;
    if (metrics) {
      metrics->Inc("postern_check_verdicts_total",
                   {{"plugin", pc.name}, {"verdict", failed ? "error" : EnumName(rec.verdict)}, {"mode", EnumName(pc.mode)}});
      metrics->Observe("postern_check_duration_seconds", {{"plugin", pc.name}}, rec.ms / 1000);
    }
    if (pc.mode == CheckMode::kEnforce && result.verdict != Verdict::kAllow) {
      out.reasons.push_back({{"plugin", pc.name}, {"code", result.code}, {"message", result.message}});
      rejected |= result.verdict == Verdict::kReject;
      held |= result.verdict == Verdict::kHold;
    }
    out.checks.push_back(std::move(rec));
  }
  out.decision = rejected ? Decision::kRejected : held ? Decision::kHeld : Decision::kApproved;
  return out;
}

json Pipeline::Describe() const {
  json a = json::array();
  for (const auto& s : steps_) {
    const auto& pc = s.config;
    a.push_back({{"name", pc.name}, {"enabled", pc.enabled}, {"mode", EnumName(pc.mode)},
                 {"on_error", EnumName(pc.on_error)}, {"timeout_ms", pc.timeout_ms}, {"config", pc.config}});
  }
  return a;
}

std::vector<std::pair<std::string, std::shared_ptr<Check>>> Pipeline::EnabledChecks() const {
  std::vector<std::pair<std::string, std::shared_ptr<Check>>> out;
  for (const auto& s : steps_)
    if (s.check) out.emplace_back(s.config.name, s.check);
  return out;
}

}  // namespace postern
