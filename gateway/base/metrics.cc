#include "gateway/base/metrics.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace postern {

static const std::vector<double> kBucketsSeconds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                    0.25,  0.5,    1,     2.5,  5,     10};

// Shortest text that reads back as the same double: a stream's default 6 digits would
// print a counter of 1234567 as 1.23457e+06.
static std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string Metrics::Key(const Labels& labels) {
  std::string k;
  for (const auto& [n, v] : labels) {
    if (!k.empty()) k += ",";
    k += n + "=\"";
    for (char c : v) {
      if (c == '"' || c == '\\') k += '\\';
      if (c == '\n') { k += "\\n"; continue; }
      k += c;
    }
    k += "\"";
  }
  return k;
}

void Metrics::Inc(const std::string& name, const Labels& labels, double v) {
  std::lock_guard<std::mutex> l(mu_);
  values_[name][Key(labels)] += v;
}

void Metrics::Set(const std::string& name, const Labels& labels, double v) {
  std::lock_guard<std::mutex> l(mu_);
  values_[name][Key(labels)] = v;
}

void Metrics::SetAll(const std::string& name, const std::vector<std::pair<Labels, double>>& series) {
  std::map<std::string, double> fresh;
  for (const auto& [labels, v] : series) fresh[Key(labels)] = v;
  std::lock_guard<std::mutex> l(mu_);
  values_[name] = std::move(fresh);
}

void Metrics::Observe(const std::string& name, const Labels& labels, double seconds) {
  std::lock_guard<std::mutex> l(mu_);
  Histogram& h = hists_[name][Key(labels)];
  if (h.counts.empty()) h.counts.assign(kBucketsSeconds.size() + 1, 0);
  size_t i = 0;
  while (i < kBucketsSeconds.size() && seconds > kBucketsSeconds[i]) ++i;
  h.counts[i] += 1;
  h.sum += seconds;
  h.count += 1;
}

void Metrics::Describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard<std::mutex> l(mu_);
  meta_[name] = {type, help};
}

std::string Metrics::Render() {
  std::lock_guard<std::mutex> l(mu_);
  std::ostringstream o;
  auto header = [&](const std::string& name, const char* fallback) {
    auto it = meta_.find(name);
    if (it != meta_.end()) o << "# HELP " << name << " " << it->second.second << "\n";
    o << "# TYPE " << name << " " << (it != meta_.end() ? it->second.first : fallback) << "\n";
  };
  for (const auto& [name, series] : values_) {
    if (series.empty()) continue;  // a family emptied by SetAll: no header without samples
    header(name, "untyped");
    for (const auto& [k, v] : series) o << name << (k.empty() ? "" : "{" + k + "}") << " " << Number(v) << "\n";
  }
  for (const auto& [name, series] : hists_) {
    header(name, "histogram");
    for (const auto& [k, h] : series) {
      std::string sep = k.empty() ? "" : ",";
      double cum = 0;
      for (size_t i = 0; i <= kBucketsSeconds.size(); ++i) {
        cum += h.counts[i];
        const std::string le = i < kBucketsSeconds.size() ? Number(kBucketsSeconds[i]) : "+Inf";
        o << name << "_bucket{" << k << sep << "le=\"" << le << "\"} " << Number(cum) << "\n";
      }
      o << name << "_sum" << (k.empty() ? "" : "{" + k + "}") << " " << Number(h.sum) << "\n";
      o << name << "_count" << (k.empty() ? "" : "{" + k + "}") << " " << Number(h.count) << "\n";
    }
  }
  return o.str();
}

}  // namespace postern
