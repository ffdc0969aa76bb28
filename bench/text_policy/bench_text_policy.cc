// text_policy throughput on one core. Target (issue 4): >= 1,000,000 texts/s on the
// dev-set mix (items_per_second of BM_JudgeDevMix). Needs the shipped lists, the
// fetched LDNOOBW list ($POSTERN_ASSETS or <repo>/assets) and ../shared/textpolicy.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "plugins/text_policy/eval_text.h"

namespace postern::text_policy {
namespace {

std::string Source() {
  const char* s = std::getenv("POSTERN_SOURCE_DIR");
  return s ? s : POSTERN_SOURCE_DIR;
}

const TextPolicyCheck& Check() {
  static std::unique_ptr<TextPolicyCheck> check = [] {
    const char* a = std::getenv("POSTERN_ASSETS");
    Status st;
    auto c = BuildTextPolicyCheck(DefaultTextPolicyConfig(),
                                  CheckDeps{a ? a : Source() + "/assets", Source() + "/config"}, &st);
    if (!c) {
      std::cerr << "bench_text_policy: " << st.ToString() << "\n";
      std::exit(1);
    }
    return c;
  }();
  return *check;
}

const std::vector<LabeledText>& DevRows() {
  static std::vector<LabeledText> rows = [] {
    std::vector<LabeledText> r;
    std::string error;
    if (!ReadLabeledCsv(Source() + "/../shared/textpolicy/dev.csv", &r, &error)) {
      std::cerr << "bench_text_policy: " << error << "\n";
      std::exit(1);
    }
    return r;
  }();
  return rows;
}

void JudgeRows(benchmark::State& state, const std::vector<std::string>& texts) {
  const Matcher& m = Check().matcher();
  size_t blocked = 0;
  for (auto _ : state)
    for (const std::string& t : texts) blocked += m.Judge(t).has_value();
  benchmark::DoNotOptimize(blocked);
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(texts.size()));
}

std::vector<std::string> Texts(bool (*keep)(const LabeledText&)) {
  std::vector<std::string> out;
  for (const auto& r : DevRows())
    if (keep(r)) out.push_back(r.text);
  return out;
}

// All 300 dev texts: benign, Scunthorpe, plain and evasion (non-ASCII) rows.
void BM_JudgeDevMix(benchmark::State& state) {
  static auto texts = Texts([](const LabeledText&) { return true; });
  JudgeRows(state, texts);
}
BENCHMARK(BM_JudgeDevMix);

void BM_JudgeBenignOnly(benchmark::State& state) {
  static auto texts = Texts([](const LabeledText& r) { return r.kind == "benign"; });
  JudgeRows(state, texts);
}
BENCHMARK(BM_JudgeBenignOnly);

void BM_JudgeEvasionOnly(benchmark::State& state) {
  static auto texts = Texts([](const LabeledText& r) { return r.kind == "evasion"; });
  JudgeRows(state, texts);
}
BENCHMARK(BM_JudgeEvasionOnly);

void BM_NormalizeDevMix(benchmark::State& state) {
  static auto texts = Texts([](const LabeledText&) { return true; });
  NormalizedText out;
  NormalizeOptions opt = Check().matcher().normalize_options();
  for (auto _ : state)
    for (const std::string& t : texts) {
      Normalize(t, &out, opt);
      benchmark::DoNotOptimize(out.text.data());
    }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(texts.size()));
}
BENCHMARK(BM_NormalizeDevMix);

// Linear time on long input: bytes_per_second should not fall with size.
void BM_JudgeLongText(benchmark::State& state) {
  std::string text;
  const auto& rows = DevRows();
  for (size_t i = 0; text.size() < size_t(state.range(0)); ++i)
    if (rows[i % rows.size()].expected == "allow") text += rows[i % rows.size()].text + " ";
  for (auto _ : state) benchmark::DoNotOptimize(Check().matcher().Judge(text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}
BENCHMARK(BM_JudgeLongText)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

}  // namespace
}  // namespace postern::text_policy

BENCHMARK_MAIN();
