// The unnamed-person rule: no list names every public figure, so a photorealistic
// request naming a capitalised "Given Surname" that no list knows is held for review.
// Runs on the original text (capitalisation is lost in folding) and only when a
// photorealistic cue matched, so it costs nothing on most texts.
#include <algorithm>
#include <string>
#include <vector>

#include "plugins/text_policy/matcher.h"

namespace postern::text_policy {
namespace {

struct Word {
  uint32_t begin, end;
};

bool IsWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

// Letters (and non-ASCII bytes), with inner apostrophes and hyphens ("O'Neil", "Hopper-style").
void SplitWords(std::string_view s, std::vector<Word>* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    if (!IsWordByte(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (IsWordByte(static_cast<unsigned char>(s[j])) ||
                            ((s[j] == '\'' || s[j] == '-') && j + 1 < s.size() &&
                             IsWordByte(static_cast<unsigned char>(s[j + 1])))))
      ++j;
    out->push_back({uint32_t(i), uint32_t(j)});
    i = j;
  }
}

// "Keanu", "Beyoncé": an upper-case first letter followed by a lower-case one.
bool Capitalised(std::string_view w) {
  if (w.size() < 2 || w[0] < 'A' || w[0] > 'Z') return false;
  unsigned char c = static_cast<unsigned char>(w[1]);
  return (c >= 'a' && c <= 'z') || c >= 0x80;
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

}  // namespace

void Matcher::FindUnnamedPeople(std::string_view original, const NormalizedText& nt,
                                const std::vector<Hit>& allow_hits, std::vector<RawFinding>* out) const {
  // Read the text as it is displayed: an invisible code point inside "Ana" (a word
  // joiner, a control) must not hide the name. `at` maps back to the original's bytes.
  // Most texts have no byte that may be invisible (ASCII controls, DEL, any non-ASCII byte):
  // then the text is read as it is, and positions map to themselves.
  static thread_local std::string visible;
  static thread_local std::vector<uint32_t> at;
  const bool may_hide = std::any_of(original.begin(), original.end(), [](char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    return (c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || c >= 0x7f;
  });
  visible.clear();
  at.clear();
  for (size_t i = 0; may_hide && i < original.size();) {
    if (size_t skip = InvisibleLengthAt(original, i)) {
      i += skip;
      continue;
    }
    visible.push_back(original[i]);
    at.push_back(uint32_t(i++));
  }
  at.push_back(uint32_t(original.size()));
  const std::string_view text = may_hide ? std::string_view(visible) : original;
  auto original_at = [&](uint32_t k) { return may_hide ? at[k] : k; };
  static thread_local std::vector<Word> words;
  SplitWords(text, &words);
  auto str = [&](size_t k) { return text.substr(words[k].begin, words[k].end - words[k].begin); };
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const Word& a = words[i];
    const Word& b = words[i + 1];
    if (b.begin != a.end + 1 || text[a.end] != ' ') continue;  // "Given Surname", one space apart
    if (!Capitalised(str(i)) || !Capitalised(str(i + 1))) continue;
    if (!given_names_.count(Lower(str(i)))) continue;
    std::string surname = Lower(str(i + 1));
    size_t dash = surname.rfind('-');
    if (dash != std::string::npos && style_after_.count(surname.substr(dash + 1))) continue;  // "Hopper-style"
    if (name_stopwords_.count(surname)) continue;  // "Victoria Falls", "Central Park"
    if (word_given_names_.count(Lower(str(i))) && word_surnames_.count(surname)) continue;  // "Rose Bush"
    // A style reference names an artist, not a depicted person.
    std::string prev1 = i >= 1 ? Lower(str(i - 1)) : "";
    std::string prev2 = i >= 2 ? Lower(str(i - 2)) + " " + prev1 : "";
    if (style_before_.count(prev1) || style_before_.count(prev2)) continue;
    if (i + 2 < words.size() && style_after_.count(Lower(str(i + 2)))) continue;
    // Fictional characters are allow-phrases ("Sherlock Holmes").
    bool fictional = false;
    const uint32_t begin = original_at(a.begin), end = original_at(b.end - 1) + 1;
    for (const Hit& h : allow_hits)
      fictional |= nt.begin[h.start] < end && nt.end[h.last] > begin;
    if (fictional) continue;
    out->push_back({unnamed_rule_id_, options_.unnamed_person_action, begin, end});
    return;
  }
}

}  // namespace postern::text_policy
