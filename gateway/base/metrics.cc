#include "gateway/base/metrics.h"

#include <sstream>

namespace postern {

static const std::vector<double> kBucketsMs = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000};

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

void Metrics::Observe(const std::string& name, const Labels& labels, double ms) {
  std::lock_guard<std::mutex> l(mu_);
  Histogram& h = hists_[name][Key(labels)];
  if (h.counts.empty()) h.counts.assign(kBucketsMs.size() + 1, 0);
  size_t i = 0;
  while (i < kBucketsMs.size() && ms > kBucketsMs[i]) ++i;
  h.counts[i] += 1;
  h.sum += ms;
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
    header(name, "untyped");
    for (const auto& [k, v] : series) o << name << (k.empty() ? "" : "{" + k + "}") << " " << v << "\n";
  }
  for (const auto& [name, series] : hists_) {
    header(name, "histogram");
    for (const auto& [k, h] : series) {
      std::string sep = k.empty() ? "" : ",";
      double cum = 0;
      for (size_t i = 0; i <= kBucketsMs.size(); ++i) {
        cum += h.counts[i];
        std::ostringstream le;
        if (i < kBucketsMs.size()) le << kBucketsMs[i]; else le << "+Inf";
        o << name << "_bucket{" << k << sep << "le=\"" << le.str() << "\"} " << cum << "\n";
      }
      o << name << "_sum" << (k.empty() ? "" : "{" + k + "}") << " " << h.sum << "\n";
      o << name << "_count" << (k.empty() ? "" : "{" + k + "}") << " " << h.count << "\n";
    }
  }
  return o.str();
}

}  // namespace postern
