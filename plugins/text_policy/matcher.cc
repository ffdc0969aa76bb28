#include "plugins/text_policy/matcher.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <set>

namespace postern::text_policy {

namespace {
enum Kind : int { kTermKind = 0, kAllowKind = 1, kSetKind = 2 };

// The unnamed-person rule reads these sets (from config/textpolicy/public_figures.yaml).
constexpr const char* kPhotorealSet = "photoreal_context";
constexpr const char* kGivenNamesSet = "given_names";
constexpr const char* kNameStopwordsSet = "name_stopwords";
constexpr const char* kStyleBeforeSet = "style_cue_before";
constexpr const char* kStyleAfterSet = "style_cue_after";
constexpr const char* kWordGivenNamesSet = "word_given_names";
constexpr const char* kWordSurnamesSet = "word_surnames";

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}
}  // namespace

struct Matcher::Entry {
  int kind;
  MatchMode mode;
  int index;                   // term, allow or set index
  std::vector<uint16_t> runs;  // minimum repeat count per folded byte; empty: all 1
};

// A sequence set: hits of its parts, each starting on the word after the previous one.
struct Matcher::CompiledSequence {
  int set;
  int first;  // parts[0], here so a sequence whose first part has no hit costs no parts load
  std::vector<int> parts;
};

struct Matcher::CompiledRule {
  PhraseRule rule;
  int rule_id = -1;
  std::vector<int> sets;
  int not_after = -1, not_before = -1;
  std::vector<int> unless;
  std::vector<int> unless_overlapping;
  bool needs_exception_scan = false;  // an `unless` or `unless_overlapping` set is in the second automaton
};

// Words of the rules, by length, for filling masked letters; earlier words win.
class Matcher::Dictionary : public MaskDictionary {
 public:
  void Add(const std::string& word) {
    if (word.size() < 3 || word.size() > 32 || word.find_first_not_of("abcdefghijkmnopqrstuvwxyz") != std::string::npos)
      return;
    if (!seen_.insert(word).second) return;
    by_length_[word.size()] += word;
    by_length_and_first_[word.size()][word[0] - 'a'] += word;
  }
  bool Resolve(std::string* w) const override {
    size_t masks = std::count(w->begin(), w->end(), '*');
    if (masks == 0 || w->size() - masks < 2 || masks > w->size() - masks) return false;
    const size_t length = w->size();
    if (length >= by_length_.size()) return false;
    // A known first letter leaves only the words that start with it, in the same order.
    const unsigned first = static_cast<unsigned char>((*w)[0]) - 'a';
    if ((*w)[0] != '*' && first >= 26) return false;  // no known word starts with it
    const std::string& words = (*w)[0] == '*' ? by_length_[length] : by_length_and_first_[length][first];
    for (size_t at = 0; at < words.size(); at += length) {
      bool fits = true;
      for (size_t i = 0; i < length && fits; ++i) fits = (*w)[i] == '*' || (*w)[i] == words[at + i];
      if (fits) return w->assign(words, at, length), true;
    }
    return false;
  }

 private:
  std::unordered_set<std::string> seen_;
  // Per length, that length's words one after another in the order added: a scan reads
  // one contiguous string instead of a string object per word.
  std::array<std::string, 33> by_length_;
  std::array<std::array<std::string, 26>, 33> by_length_and_first_;
};

Matcher::Matcher() : dictionary_(std::make_unique<Dictionary>()) {}
Matcher::~Matcher() = default;

int Matcher::AddRuleId(const std::string& id, const std::string& category) {
  rule_ids_.push_back(id);
  rule_categories_.push_back(category);
  return static_cast<int>(rule_ids_.size()) - 1;
}

Finding Matcher::Materialize(const RawFinding& f) const {
  return {rule_categories_[f.rule_id], f.action, rule_ids_[f.rule_id], f.begin, f.end};
}

void Matcher::AddPhrase(const std::string& phrase, int kind, MatchMode mode, int index) {
  AddPhrase(phrase, kind, mode, index, &automaton_, &entries_);
}

void Matcher::AddPhrase(const std::string& phrase, int kind, MatchMode mode, int index, AhoCorasick* automaton,
                        std::vector<std::vector<Entry>>* entries) {
  NormalizedText nt;
  Normalize(phrase, &nt);
  if (nt.text.empty()) return;  // e.g. an emoji-only entry: nothing to match in folded text
  int id = automaton->Add(nt.text);
  if (static_cast<size_t>(id) >= entries->size()) entries->resize(id + 1);
  Entry e{kind, mode, index, {}};
  if (std::any_of(nt.run.begin(), nt.run.end(), [](uint16_t r) { return r > 1; })) e.runs = nt.run;
  (*entries)[id].push_back(std::move(e));
  if (kind != kAllowKind) {
    // Unmasking may only produce words the rules know.
    std::string unrun = Fold(phrase, NormalizeOptions{false, nullptr});
    for (size_t b = 0, e2; b < unrun.size(); b = e2 + 1) {
      e2 = unrun.find(' ', b);
      if (e2 == std::string::npos) e2 = unrun.size();
      dictionary_->Add(unrun.substr(b, e2 - b));
    }
  }
  // "kill yourself" is also written "killyourself".
  if (kind == kTermKind && phrase.find_first_of(" -") != std::string::npos && mode == MatchMode::kWord) {
    std::string joined;
    for (char c : phrase)
      if (c != ' ' && c != '-') joined.push_back(c);
    NormalizedText jt;
    Normalize(joined, &jt);
    if (!jt.text.empty() && jt.text != nt.text) {
      int jid = automaton_.Add(jt.text);
      if (static_cast<size_t>(jid) >= entries_.size()) entries_.resize(jid + 1);
      Entry je{kind, mode, index, {}};
      if (std::any_of(jt.run.begin(), jt.run.end(), [](uint16_t r) { return r > 1; })) je.runs = jt.run;
      entries_[jid].push_back(std::move(je));
    }
  }
}

std::unique_ptr<Matcher> Matcher::Compile(const RuleBook& book, const MatcherOptions& options, Status* error) {
  std::unique_ptr<Matcher> m(new Matcher());
  m->options_ = options;
  auto enabled = [&](const std::string& c) {
    return std::find(options.categories.begin(), options.categories.end(), c) != options.categories.end();
  };
  for (const Term& t : book.terms) {
    if (!enabled(t.category)) continue;
    m->terms_.push_back(t);
  }
  // Reject terms first so masked letters resolve to the most severe reading.
  std::stable_sort(m->terms_.begin(), m->terms_.end(),
                   [](const Term& a, const Term& b) { return a.action == Action::kReject && b.action != Action::kReject; });
  for (size_t i = 0; i < m->terms_.size(); ++i) {
    const Term& t = m->terms_[i];
    m->term_rule_id_.push_back(m->AddRuleId(t.list + ":" + t.text, t.category));
    m->AddPhrase(t.text, kTermKind, t.mode, static_cast<int>(i));
  }
  for (size_t i = 0; i < book.allow.size(); ++i)
    m->AddPhrase(book.allow[i], kAllowKind, MatchMode::kInside, static_cast<int>(i));

  // A set's phrases go into the automaton; a sequence set is joined from its parts' hits
  // at match time (word classes compose without multiplying the automaton's states).
  std::map<std::string, int> set_index;
  std::set<std::string> in_progress;
  // Sets reachable only from exceptions go to the second automaton (see matcher.h).
  std::set<std::string> exception_only;
  {
    auto closure = [&](std::vector<std::string> todo) {
      std::set<std::string> out;
      while (!todo.empty()) {
        std::string name = todo.back();
        todo.pop_back();
        auto s = book.sets.find(name);
        if (s == book.sets.end() || !out.insert(name).second) continue;
        todo.insert(todo.end(), s->second.sequence.begin(), s->second.sequence.end());
      }
      return out;
    };
    std::vector<std::string> needed = {kPhotorealSet}, exceptions;
    for (const PhraseRule& r : book.rules) {
      if (!enabled(r.category)) continue;
      needed.insert(needed.end(), r.all_of.begin(), r.all_of.end());
      for (const std::string* s : {&r.not_after, &r.not_before})
        if (!s->empty()) needed.push_back(*s);
      exceptions.insert(exceptions.end(), r.unless.begin(), r.unless.end());
      exceptions.insert(exceptions.end(), r.unless_overlapping.begin(), r.unless_overlapping.end());
    }
    std::set<std::string> main_sets = closure(needed);
    for (const std::string& s : closure(exceptions))
      if (!main_sets.count(s)) exception_only.insert(s);
  }
  Status set_error;
  std::function<int(const std::string&)> use_set = [&](const std::string& name) -> int {
    auto it = set_index.find(name);
    if (it != set_index.end()) return it->second;
    auto s = book.sets.find(name);
    if (s == book.sets.end()) return -1;
    if (!in_progress.insert(name).second) return set_error = Status::InvalidConfig("set " + name + ": its sequence is a cycle"), -2;
    CompiledSequence seq{-1, -1, {}};
    for (const std::string& part : s->second.sequence) {
      int idx = use_set(part);
      if (idx == -1) set_error = Status::InvalidConfig("set " + name + ": sequence uses unknown set '" + part + "'");
      if (idx < 0) return -2;
      seq.parts.push_back(idx);
    }
    in_progress.erase(name);
    int idx = static_cast<int>(m->set_names_.size());
    m->set_names_.push_back(name);
    set_index[name] = idx;
    const bool lazy = exception_only.count(name) > 0;
    for (const std::string& p : s->second.phrases)
      lazy ? m->AddPhrase(p, kSetKind, s->second.mode, idx, &m->exception_automaton_, &m->exception_entries_)
           : m->AddPhrase(p, kSetKind, s->second.mode, idx);
    if (!seq.parts.empty())  // parts come first
      seq.set = idx, seq.first = seq.parts[0], (lazy ? m->exception_sequences_ : m->sequences_).push_back(std::move(seq));
    return idx;
  };
  auto set_error_for = [&](int idx, const PhraseRule& r, const std::string& name) {
    return idx == -2 ? set_error
                     : Status::InvalidConfig("rule " + r.name + " (list " + r.list + ") uses unknown set '" + name + "'");
  };
  for (const PhraseRule& r : book.rules) {
    if (!enabled(r.category)) continue;
    CompiledRule cr{r, m->AddRuleId(r.list + ":rule:" + r.name, r.category), {}, -1, -1, {}, {}};
    for (auto [names, slots] : {std::pair{&r.all_of, &cr.sets}, std::pair{&r.unless, &cr.unless},
                                std::pair{&r.unless_overlapping, &cr.unless_overlapping}}) {
      for (const std::string& s : *names) {
        int idx = use_set(s);
        if (idx < 0) return *error = set_error_for(idx, r, s), nullptr;
        slots->push_back(idx);
        if (slots != &cr.sets && exception_only.count(s)) cr.needs_exception_scan = true;
      }
    }
    for (auto [name, slot] : {std::pair{r.not_after, &cr.not_after}, std::pair{r.not_before, &cr.not_before}}) {
      if (name.empty()) continue;
      *slot = use_set(name);
      if (*slot < 0) return *error = set_error_for(*slot, r, name), nullptr;
    }
    m->rules_.push_back(std::move(cr));
  }
  if (options.unnamed_person_enabled && enabled("public_figure")) {
    m->photoreal_set_ = use_set(kPhotorealSet);
    auto words = [&](const char* name, std::unordered_set<std::string>* out) {
      auto s = book.sets.find(name);
      if (s != book.sets.end())
        for (const std::string& p : s->second.phrases) out->insert(LowerAscii(p));
    };
    words(kGivenNamesSet, &m->given_names_);
    words(kNameStopwordsSet, &m->name_stopwords_);
    words(kStyleBeforeSet, &m->style_before_);
    words(kStyleAfterSet, &m->style_after_);
    words(kWordGivenNamesSet, &m->word_given_names_);
    words(kWordSurnamesSet, &m->word_surnames_);
    if (m->photoreal_set_ < 0 || m->given_names_.empty()) m->options_.unnamed_person_enabled = false;
    m->unnamed_rule_id_ = m->AddRuleId("public_figure:unnamed_person", "public_figure");
  } else {
    m->options_.unnamed_person_enabled = false;
  }
  m->rules_by_first_set_.resize(m->set_names_.size());
  for (size_t i = 0; i < m->rules_.size(); ++i) m->rules_by_first_set_[m->rules_[i].sets[0]].push_back(static_cast<int>(i));
  if (m->entries_.size() < m->automaton_.pattern_count()) m->entries_.resize(m->automaton_.pattern_count());
  std::vector<bool> word_only(m->entries_.size());
  for (size_t id = 0; id < m->entries_.size(); ++id) {
    const std::vector<Entry>& es = m->entries_[id];
    word_only[id] = std::none_of(es.begin(), es.end(), [](const Entry& e) { return e.mode == MatchMode::kInside; });
  }
  m->automaton_.Build(word_only);
  const size_t states = m->automaton_.state_count();
  m->record_begin_.assign(states + 1, 0);
  for (uint32_t s = 0; s < states; ++s) {
    auto [ids, ids_end] = m->automaton_.outputs(s);
    for (; ids != ids_end; ++ids) {
      const uint32_t length = static_cast<uint32_t>(m->automaton_.pattern_length(*ids));
      for (const Entry& e : m->entries_[*ids]) {
        if (e.runs.size() > UINT16_MAX) return *error = Status::InvalidConfig("text_policy: a phrase folds to over 65,535 bytes"), nullptr;
        m->records_.push_back({length, e.index, static_cast<uint32_t>(m->runs_.size()), static_cast<uint16_t>(e.runs.size()),
                               static_cast<uint8_t>(e.kind), e.mode});
        m->runs_.insert(m->runs_.end(), e.runs.begin(), e.runs.end());
      }
    }
    m->record_begin_[s + 1] = static_cast<uint32_t>(m->records_.size());
  }
  m->entries_.clear();
  m->entries_.shrink_to_fit();
  BuildPatterns(&m->exception_automaton_, &m->exception_entries_, &m->exception_patterns_);
  m->normalize_ = NormalizeOptions{true, m->dictionary_.get()};
  return m;
}

void Matcher::BuildPatterns(AhoCorasick* automaton, std::vector<std::vector<Entry>>* entries,
                            std::vector<PatternInfo>* patterns) {
  if (entries->size() < automaton->pattern_count()) entries->resize(automaton->pattern_count());
  std::vector<bool> word_only(entries->size());
  for (size_t id = 0; id < entries->size(); ++id) {
    const std::vector<Entry>& es = (*entries)[id];
    word_only[id] = std::none_of(es.begin(), es.end(), [](const Entry& e) { return e.mode == MatchMode::kInside; });
  }
  automaton->Build(word_only);
  patterns->resize(entries->size());
  for (size_t id = 0; id < entries->size(); ++id) {
    const std::vector<Entry>& es = (*entries)[id];
    (*patterns)[id] = {static_cast<uint32_t>(automaton->pattern_length(static_cast<int>(id))), word_only[id],
                       es.data(), es.data() + es.size()};
  }
}

void Matcher::Collect(std::string_view text, std::vector<RawFinding>* out, bool first_only) const {
  static thread_local NormalizedText nt;
  static thread_local std::vector<Hit> hits, allow;
  static thread_local std::vector<uint32_t> allow_min_start;
  Normalize(text, &nt, normalize_);
  hits.clear();
  allow.clear();
  const std::string& t = nt.text;
  const size_t n = t.size();
  auto word_start = [&](size_t p) { return p == 0 || t[p - 1] == ' ' || (nt.spaced[p] && nt.spaced[p - 1]); };
  auto word_end = [&](size_t q) { return q + 1 == n || t[q + 1] == ' ' || (nt.spaced[q] && nt.spaced[q + 1]); };
  // Without letters written apart a word starts only after a space, which the automaton
  // already knows for most substring hits ("he" in "the"): it leaves those out.
  const bool letters_apart = n > 0 && std::memchr(nt.spaced.data(), 1, n) != nullptr;
  automaton_.ScanStates(t, letters_apart, [&](uint32_t state, size_t last) __attribute__((always_inline)) {
    const OutputRecord* const records_end = records_.data() + record_begin_[state + 1];
    for (const OutputRecord* r = records_.data() + record_begin_[state]; r != records_end; ++r) {
      const OutputRecord& e = *r;
      const size_t start = last + 1 - e.length;
      if (e.mode != MatchMode::kInside && !word_start(start)) continue;  // most substring hits ("he" in "the")
      // Word terms also match their plural ("kikes", "tits"); the span stays on the term.
      if (e.mode == MatchMode::kWord && !word_end(last) &&
          !(e.kind == kTermKind && last + 1 < n && t[last + 1] == 's' && word_end(last + 1)))
        continue;
      bool runs_ok = true;
      for (size_t k = 0; k < e.runs_length && runs_ok; ++k) runs_ok = nt.run[start + k] >= runs_[e.runs_begin + k];
      if (!runs_ok) continue;
      Hit h{e.kind, e.index, static_cast<uint32_t>(start), static_cast<uint32_t>(last)};
      if (e.kind == kAllowKind) {
        // An allow-phrase covers the rest of its last word: "blue tit" also protects "blue tits".
        while (h.last + 1 < n && t[h.last + 1] != ' ') ++h.last;
        allow.push_back(h);
      } else {
        hits.push_back(h);
      }
    }
  });
  if (hits.empty()) return;

  // A hit inside an allow-phrase ("great tit", "magna cum laude") is cancelled. Allow hits
  // arrive sorted by end; a suffix minimum of starts answers "does any contain me".
  std::sort(allow.begin(), allow.end(), [](const Hit& a, const Hit& b) { return a.last < b.last; });
  allow_min_start.resize(allow.size());
  for (size_t i = allow.size(); i-- > 0;)
    allow_min_start[i] = std::min(allow[i].start, i + 1 < allow.size() ? allow_min_start[i + 1] : UINT32_MAX);
  auto cancelled = [&](const Hit& h) {
    auto it = std::lower_bound(allow.begin(), allow.end(), h.last, [](const Hit& a, uint32_t v) { return a.last < v; });
    return it != allow.end() && allow_min_start[it - allow.begin()] <= h.start;
  };
  hits.erase(std::remove_if(hits.begin(), hits.end(), cancelled), hits.end());

  auto span = [&](const Hit& h, RawFinding* f) {
    f->begin = nt.begin[h.start];
    f->end = nt.end[h.last];
    for (uint32_t k = h.start; k <= h.last; ++k) f->begin = std::min(f->begin, nt.begin[k]), f->end = std::max(f->end, nt.end[k]);
  };
  for (const Hit& h : hits) {
    if (h.kind != kTermKind) continue;
    const Term& term = terms_[h.index];
    RawFinding f{term_rule_id_[h.index], term.action, 0, 0};
    span(h, &f);
    out->push_back(f);
    if (first_only && term.action == Action::kReject) return;
  }

  // Phrase rules over set hits.
  static thread_local std::vector<std::vector<Hit>> by_set;
  static thread_local std::vector<uint32_t> word_of, ends, next_ends;
  static thread_local std::vector<int> touched, candidates;  // sets with hits; rules they start
  if (by_set.size() < set_names_.size()) by_set.resize(set_names_.size());
  for (int s : touched) by_set[s].clear();  // only the sets the last text touched
  touched.clear();
  // Rules pair hits, so each set keeps at most kMaxSetHits: bounded work on huge texts.
  constexpr size_t kMaxSetHits = 256;
  auto add_set_hit = [&](const Hit& h) {
    std::vector<Hit>& v = by_set[h.index];
    if (v.empty()) touched.push_back(h.index);
    if (v.size() < kMaxSetHits) v.push_back(h);
  };
  for (const Hit& h : hits)
    if (h.kind == kSetKind) add_set_hit(h);
  const bool any_set = !touched.empty();
  // Sequence sets, parts before wholes: every chain of part hits one word apart. Inside
  // letters written apart ("d r o w n e d h e r s e l f") the space between words is lost,
  // so there the next part may start right after the previous one.
  auto follows = [&](const Hit& h, uint32_t e) {
    return (h.start == e + 2 && t[e + 1] == ' ') || (h.start == e + 1 && nt.spaced[e] && nt.spaced[h.start]);
  };
  auto join_sequences = [&](const std::vector<CompiledSequence>& sequences) {
    for (const CompiledSequence& seq : sequences) {
      for (const Hit& h0 : by_set[seq.first]) {
        ends.assign(1, h0.last);
        for (size_t k = 1; k < seq.parts.size() && !ends.empty(); ++k) {
          next_ends.clear();
          for (const Hit& h : by_set[seq.parts[k]])
            for (uint32_t e : ends)
              if (follows(h, e)) next_ends.push_back(h.last);
          ends.swap(next_ends);
        }
        if (!ends.empty()) add_set_hit(Hit{kSetKind, seq.set, h0.start, *std::min_element(ends.begin(), ends.end())});
      }
    }
  };
  if (any_set) join_sequences(sequences_);
  // The exception-only sets, found as the main scan would have found them (word bounds,
  // repeats, allow-phrases), then their sequences; at most once per text.
  bool exceptions_scanned = false;
  auto scan_exceptions = [&] {
    exceptions_scanned = true;
    exception_automaton_.Scan(t, letters_apart, [&](int id, size_t last) {
      const PatternInfo& p = exception_patterns_[id];
      const size_t start = last + 1 - p.length;
      if (p.word_only && !word_start(start)) return;
      for (const Entry* e = p.begin; e != p.end; ++e) {
        if (e->mode != MatchMode::kInside && !word_start(start)) continue;
        if (e->mode == MatchMode::kWord && !word_end(last)) continue;
        bool runs_ok = true;
        for (size_t k = 0; k < e->runs.size() && runs_ok; ++k) runs_ok = nt.run[start + k] >= e->runs[k];
        Hit h{kSetKind, e->index, static_cast<uint32_t>(start), static_cast<uint32_t>(last)};
        if (runs_ok && !cancelled(h)) add_set_hit(h);
      }
    });
    join_sequences(exception_sequences_);
  };
  bool words_ready = false;
  auto word_index = [&](uint32_t pos) {
    if (!words_ready) {
      word_of.resize(n);
      uint32_t w = 0;
      for (size_t i = 0; i < n; ++i) word_of[i] = (t[i] == ' ') ? ++w : w;
      words_ready = true;
    }
    return word_of[pos];
  };
  auto ends_at = [&](int set, int64_t pos) {
    for (const Hit& h : by_set[set]) if (h.last == pos) return true;
    return false;
  };
  auto starts_at = [&](int set, int64_t pos) {
    for (const Hit& h : by_set[set]) if (h.start == pos) return true;
    return false;
  };
  // Only rules whose first set matched can fire; in list order, as written.
  candidates.clear();
  for (int s : touched) candidates.insert(candidates.end(), rules_by_first_set_[s].begin(), rules_by_first_set_[s].end());
  std::sort(candidates.begin(), candidates.end());
  for (int rule_index : candidates) {
    const CompiledRule& r = rules_[rule_index];
    bool all_present = std::all_of(r.sets.begin(), r.sets.end(), [&](int s) { return !by_set[s].empty(); });
    if (!all_present) continue;
    if (r.needs_exception_scan && !exceptions_scanned) scan_exceptions();
    if (std::any_of(r.unless.begin(), r.unless.end(), [&](int s) { return !by_set[s].empty(); })) continue;
    // A hit sharing a word with a phrase of `unless_overlapping` ("stupid" in "stupid cat") does not count.
    auto excepted = [&](const Hit& h) {
      for (int s : r.unless_overlapping)
        for (const Hit& e : by_set[s])
          if (e.start <= h.last && h.start <= e.last) return true;
      return false;
    };
    for (const Hit& first : by_set[r.sets[0]]) {
      const Hit* h0 = &first;
      if (!r.unless_overlapping.empty() && excepted(*h0)) continue;
      if (r.not_after >= 0 && ends_at(r.not_after, int64_t(h0->start) - 2)) continue;
      if (r.not_before >= 0 && starts_at(r.not_before, int64_t(h0->last) + 2)) continue;
      bool ok = true;
      Hit whole = *h0;  // the reported span covers the first set's match and its partners
      for (size_t k = 1; k < r.sets.size() && ok; ++k) {
        const Hit* partner = nullptr;
        for (const Hit& candidate : by_set[r.sets[k]]) {
          const Hit* h = &candidate;
          if (r.rule.ordered && h->start <= h0->last) continue;
          if (r.rule.window > 0) {
            // Words between the two matches (0 when adjacent).
            int64_t d = h->start > h0->last ? int64_t(word_index(h->start)) - int64_t(word_index(h0->last))
                                            : int64_t(word_index(h0->start)) - int64_t(word_index(h->last));
            if (d > r.rule.window || -d > r.rule.window) continue;
          }
          if (!r.unless_overlapping.empty() && excepted(*h)) continue;
          partner = h;
          break;
        }
        ok = partner != nullptr;
        if (ok && r.rule.window > 0) whole.start = std::min(whole.start, partner->start), whole.last = std::max(whole.last, partner->last);
      }
      if (!ok) continue;
      RawFinding f{r.rule_id, r.rule.action, 0, 0};
      span(whole, &f);
      out->push_back(f);
      break;
    }
  }
  if (options_.unnamed_person_enabled && photoreal_set_ >= 0 && !by_set[photoreal_set_].empty() &&
      std::none_of(out->begin(), out->end(),
                   [&](const RawFinding& f) { return rule_categories_[f.rule_id] == "public_figure"; }))
    FindUnnamedPeople(text, nt, allow, out);
}

void Matcher::FindAll(std::string_view text, std::vector<Finding>* out) const {
  std::vector<RawFinding> raw;
  Collect(text, &raw, false);
  std::stable_sort(raw.begin(), raw.end(), [](const RawFinding& a, const RawFinding& b) { return a.begin < b.begin; });
  out->clear();
  for (const RawFinding& f : raw) out->push_back(Materialize(f));
}

std::optional<Finding> Matcher::Judge(std::string_view text) const {
  static thread_local std::vector<RawFinding> found;
  found.clear();
  Collect(text, &found, true);
  if (found.empty()) return std::nullopt;
  auto best = std::min_element(found.begin(), found.end(), [](const RawFinding& a, const RawFinding& b) {
    if (a.action != b.action) return a.action == Action::kReject;
    return a.begin < b.begin;
  });
  return Materialize(*best);
}

}  // namespace postern::text_policy
