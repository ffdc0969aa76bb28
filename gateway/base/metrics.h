// Metrics: counters, gauges and histograms rendered in Prometheus text format.
// Label sets are small and few, so one mutex-protected map is enough.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace postern {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  // Adds `v` to counter `name{labels}` (or to a gauge: in-flight counts add -1 too).
  void Inc(const std::string& name, const Labels& labels, double v = 1);
  // Sets gauge `name{labels}` to `v`.
  void Set(const std::string& name, const Labels& labels, double v);
  // Replaces every series of gauge `name`: a family re-read whole at scrape time, so a
  // label value that is gone from the source is gone from the output too.
  void SetAll(const std::string& name, const std::vector<std::pair<Labels, double>>& series);
  // Records `seconds` in histogram `name{labels}` (buckets 1 ms .. 10 s, in seconds).
  void Observe(const std::string& name, const Labels& labels, double seconds);
  // Declares a metric's help text and type, printed as # HELP / # TYPE.
  void Describe(const std::string& name, const std::string& type, const std::string& help);
  // The whole registry in Prometheus text exposition format 0.0.4.
  std::string Render();

 private:
  struct Histogram {
    std::vector<double> counts;  // per bucket, not cumulative
    double sum = 0;
    double count = 0;
  };
  static std::string Key(const Labels& labels);
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::string>> meta_;  // name -> type, help
  std::map<std::string, std::map<std::string, double>> values_;
  std::map<std::string, std::map<std::string, Histogram>> hists_;
};

}  // namespace postern
