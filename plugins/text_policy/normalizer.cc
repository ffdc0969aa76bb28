#include "plugins/text_policy/normalizer.h"

#include <algorithm>
#include <array>

#include "plugins/text_policy/unicode_fold.h"

namespace postern::text_policy {
namespace {

// Character roles after folding. A character may have several ('|' is a leet 'i'
// and a separator; '*' masks a letter and separates "m*y*s*e*l*f").
enum : uint8_t {
  kLetter = 1,
  kDigit = 2,
  kOther = 4,   // non-Latin letter
  kLeet = 8,    // @ $ ! |
  kMask = 16,   // * # %
  kSep = 32,    // whitespace and punctuation
  kGone = 64,   // removed (separator inside "s.e.x")
  kSpaced = 128,  // a letter of a run written apart
};

constexpr char kOtherLetterByte = '\x80';

struct Unit {
  char c;
  uint8_t role;
  uint32_t begin, end;
};

constexpr std::array<uint8_t, 128> MakeAsciiRoles() {
  std::array<uint8_t, 128> r{};
  for (int i = 0; i < 128; ++i) r[i] = kSep;
  for (int c = 'a'; c <= 'z'; ++c) r[c] = kLetter;
  for (int c = '0'; c <= '9'; ++c) r[c] = kDigit;
  r['@'] = r['$'] = r['!'] = kLeet;
  r['|'] = kLeet | kSep;
  r['*'] = kMask | kSep;
  r['#'] = r['%'] = kMask;
  return r;
}
constexpr std::array<uint8_t, 128> kRoles = MakeAsciiRoles();

// What Decode makes of an ASCII byte, in one lookup: lower case, whitespace as ' ', role
// (0: an invisible control, dropped).
struct AsciiFold {
  char c;
  uint8_t role;
};
constexpr std::array<AsciiFold, 128> MakeAsciiFolds() {
  std::array<AsciiFold, 128> f{};
  for (int c = 0; c < 128; ++c) {
    if ((c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || c == 0x7f) continue;
    const char lc = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    const uint8_t role = c <= ' ' ? kSep : kRoles[static_cast<unsigned char>(lc)];
    f[c] = {c <= ' ' ? ' ' : lc, role};
  }
  return f;
}
constexpr std::array<AsciiFold, 128> kAsciiFolds = MakeAsciiFolds();

// Leet digits and symbols, inside a word that has letters. 'l' joins 'i'.
constexpr std::array<char, 128> MakeLeetMap() {
  std::array<char, 128> m{};
  for (int i = 0; i < 128; ++i) m[i] = static_cast<char>(i);
  m['0'] = 'o'; m['1'] = 'i'; m['3'] = 'e'; m['4'] = 'a'; m['5'] = 's';
  m['7'] = 't'; m['8'] = 'b'; m['9'] = 'g';
  m['@'] = 'a'; m['$'] = 's'; m['!'] = 'i'; m['|'] = 'i'; m['l'] = 'i';
  m['*'] = m['#'] = m['%'] = '*';
  return m;
}
constexpr std::array<char, 128> kLeetMap = MakeLeetMap();

// What FoldWordByWord makes of each byte. kPlainOther: controls, '|' and '*' (which also
// separate) and every non-ASCII byte (read as a code point there).
// kPlainSymbol: the leet and mask symbols that are never separators (@ $ ! # %).
enum : uint8_t { kPlainOther = 0, kPlainLetter = 1, kPlainDigit = 2, kPlainSep = 3, kPlainSymbol = 4 };
struct PlainFold {
  uint8_t kind;
  char in_word;  // the byte folded inside a word with letters (leet digits, 'l' as 'i')
};
constexpr std::array<PlainFold, 256> MakePlainFolds() {
  std::array<PlainFold, 256> p{};
  for (int c = 0; c < 128; ++c) {
    const AsciiFold a = kAsciiFolds[c];
    const uint8_t kind = a.role == kLetter ? kPlainLetter
                         : a.role == kDigit ? kPlainDigit
                         : a.role == kSep ? kPlainSep
                         : (a.role == kLeet || a.role == kMask) ? kPlainSymbol
                                                                : kPlainOther;
    p[c] = {kind, kLeetMap[static_cast<unsigned char>(a.c)]};
  }
  return p;
}
constexpr std::array<PlainFold, 256> kPlainFolds = MakePlainFolds();

// Decodes one UTF-8 sequence at s[i]; invalid or truncated sequences yield U+FFFD
// for one byte so decoding always advances.
uint32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  *len = 1;
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
  if (n < 0 || c > 0xF4 || i + n >= s.size()) return 0xFFFD;
  uint32_t cp = c & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    unsigned char cc = b(i + k);
    if ((cc & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0xFFFD;
  *len = n + 1;
  return cp;
}

// Per-thread buffers, grown to fit and reused: the hot path does not allocate.
struct UnitBuffer {
  std::vector<Unit> store;
  Unit* data = nullptr;
  size_t size = 0;
  void Reset(size_t capacity) {
    if (store.size() < capacity) store.resize(capacity);
    data = store.data();
    size = 0;
  }
  void Push(const Unit& u) { data[size++] = u; }
};

// Writes units through a local pointer and count: a Unit holds a char, and a char store
// may alias the buffer's own fields, so pushing through the buffer reloads them each time.
struct UnitWriter {
  explicit UnitWriter(UnitBuffer* b) : buffer(b), data(b->data), size(b->size) {}
  ~UnitWriter() { buffer->size = size; }
  void Push(const Unit& u) { data[size++] = u; }
  UnitBuffer* buffer;
  Unit* data;
  size_t size;
};

struct Scratch {
  UnitBuffer units;
  UnitBuffer kept;
  std::string word;
};

// Appends folded bytes straight to the output, collapsing repeated letters as they come
// (no whole-text copy between word folding and run collapse). Local pointers: the char
// stores to `text` would otherwise reload each vector's data pointer.
struct OutputWriter {
  char* text;
  uint32_t* begin;
  uint32_t* end;
  uint16_t* run;
  uint8_t* spaced;
  size_t size;
  bool collapse_runs;
  void Append(char c, uint8_t role, uint32_t b, uint32_t e) {
    if (collapse_runs && size && c != ' ' && text[size - 1] == c) {
      if (run[size - 1] < UINT16_MAX) ++run[size - 1];
      end[size - 1] = std::max(end[size - 1], e);
      begin[size - 1] = std::min(begin[size - 1], b);
      return;
    }
    text[size] = c;
    begin[size] = b;
    end[size] = e;
    run[size] = 1;
    spaced[size] = (role & kSpaced) ? 1 : 0;
    ++size;
  }
};

// Stage 1: code points -> units of the folded alphabet, with their original spans.
void Decode(std::string_view in, UnitBuffer* units) {
  // A code point yields at most 3 units and takes at least 2 bytes when it yields 2+.
  units->Reset(in.size() * 2 + 8);
  UnitWriter w(units);
  size_t reverse_from = SIZE_MAX;  // start of a right-to-left override, if open
  auto close_reverse = [&] {
    if (reverse_from != SIZE_MAX) std::reverse(w.data + reverse_from, w.data + w.size);
    reverse_from = SIZE_MAX;
  };
  for (size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {  // ASCII fast path: no ICU, one table lookup
      // Controls other than whitespace are invisible: dropped, as zero-width spaces are.
      const AsciiFold a = kAsciiFolds[c];
      if (a.role) {
        if (c == '\n') close_reverse();
        w.Push({a.c, a.role, uint32_t(i), uint32_t(i + 1)});
      }
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp = DecodeUtf8(in, i, &len);
    CodePointFold f = FoldCodePoint(cp);
    uint32_t b = uint32_t(i), e = uint32_t(i + len);
    i += len;
    switch (f.kind) {
      case FoldKind::kAscii:
        for (int k = 0; k < f.len; ++k) {
          char ch = f.bytes[k];
          uint8_t role = static_cast<unsigned char>(ch) < 0x80 ? kRoles[static_cast<unsigned char>(ch)] : kSep;
          w.Push({role == kSep && ch <= ' ' ? ' ' : ch, role, b, e});
        }
        break;
      case FoldKind::kMark:
        if (w.size) w.data[w.size - 1].end = e;
        break;
      case FoldKind::kDrop:
        break;
      case FoldKind::kOtherLetter:
        w.Push({kOtherLetterByte, kOther, b, e});
        break;
      case FoldKind::kSpace:
        w.Push({' ', kSep, b, e});
        break;
      case FoldKind::kBidiReverse:
        close_reverse();
        reverse_from = w.size;
        break;
      case FoldKind::kBidiEnd:
        close_reverse();
        break;
    }
  }
  close_reverse();
}

bool Glyphish(const Unit& u) { return u.role != kGone && (u.role & (kLetter | kDigit | kLeet | kMask)); }
// A glyph of a run whose separator is `s`.
bool GlyphFor(const Unit& u, char s) { return Glyphish(u) && u.c != s; }

// Stage 2: finds letters written apart ("s.e.x", "k i l l   y o u", "m*y*s*e*l*f") and
// marks their single separators gone; longer gaps stay as word boundaries.
void JoinSpacedLetters(Unit* u, size_t n) {
  auto single = [&](size_t g, char s) {  // glyph at g stands alone (next is not a glyph)
    return g < n && GlyphFor(u[g], s) && (g + 1 >= n || !GlyphFor(u[g + 1], s));
  };
  for (size_t i = 0; i + 2 < n;) {
    char s = u[i + 1].c;
    // Cheapest test first: inside a word the next unit is no separator.
    bool start = (u[i + 1].role & kSep) && Glyphish(u[i]) && single(i + 2, s) && u[i].c != s &&
                 (i == 0 || !GlyphFor(u[i - 1], s));
    if (!start) {
      ++i;
      continue;
    }
    size_t j = i, count = 1;
    auto mark = [&](size_t g) { u[g].role = static_cast<uint8_t>((u[g].role & ~kSep) | kSpaced); };
    // First pass measures the run; nothing is changed unless it has 3+ glyphs.
    auto walk = [&](bool apply) {
      size_t at = i, glyphs = 1;
      while (true) {
        size_t k = at + 1;
        if (apply) mark(at);
        if (k + 1 < n && u[k].c == s && single(k + 1, s)) {
          if (apply) u[k].role = kGone;
          at = k + 1, ++glyphs;
          continue;
        }
        // "s*t***r": separator, masked letter, separator.
        if (k + 3 < n && u[k].c == s && u[k + 1].c == s && (u[k + 1].role & kMask) &&
            u[k + 2].c == s && single(k + 3, s)) {
          if (apply) u[k].role = u[k + 2].role = kGone, u[k + 1].role = kMask | kSpaced;
          at = k + 3, glyphs += 2;
          continue;
        }
        // A longer gap (or a different separator) is a word boundary inside the run.
        size_t g = k;
        while (g < n && (u[g].role & kSep) && !GlyphFor(u[g], s)) ++g;
        bool boundary = g > k && (g - k >= 2 || u[k].c != s);
        if (boundary && single(g, s) && g + 2 < n && u[g + 1].c == s && single(g + 2, s)) {
          for (size_t x = k; x < g; ++x) u[x].role = kSep, u[x].c = ' ';
          at = g, ++glyphs;
          continue;
        }
        break;
      }
      j = at;
      count = glyphs;
    };
    walk(false);
    if (count >= 3) {
      walk(true);
      i = j + 1;
    } else {
      ++i;
    }
  }
}

// Stage 3 helper: one word (maximal run of glyph units) -> folded bytes, runs collapsed.
void EmitWord(const Unit* w, size_t n, const NormalizeOptions& opt, Scratch& sc, OutputWriter& writer) {
  // '!' and '|' at the edges are punctuation ("wow!"), and so are emphasis stars "*so*".
  auto weak_edge = [](const Unit& x) { return x.c == '!' || x.c == '|'; };
  while (n && weak_edge(w[0])) ++w, --n;
  while (n && weak_edge(w[n - 1])) --n;
  // A '#' before a letter at a word's start marks a hashtag ("#selfharm"), not a masked letter.
  if (n >= 2 && w[0].c == '#' && (w[1].role & kLetter)) ++w, --n;
  if (n >= 2 && w[0].c == '*' && w[n - 1].c == '*') {
    while (n && w[0].c == '*') ++w, --n;
    while (n && w[n - 1].c == '*') --n;
  }
  if (!n) return;
  bool has_letter = false;
  // '@' is a letter too ("@$$"); '$' alone is a price ("$100").
  for (size_t k = 0; k < n; ++k) has_letter |= (w[k].role & (kLetter | kOther)) != 0 || w[k].c == '@';
  // The folded byte of x; false when x is dropped ("$", "***" alone are not letters).
  auto fold = [has_letter](const Unit& x, char* out) {
    const unsigned char c = static_cast<unsigned char>(x.c);
    *out = x.c;
    if (c < 0x80) {
      if (has_letter) {
        *out = kLeetMap[c];
      } else if (!(x.role & kDigit)) {
        return false;
      }
    }
    return true;
  };
  // A local copy whose address is never taken stays in registers; through the reference,
  // every char store might alias the writer's fields, so each Append reloaded them.
  OutputWriter o = writer;
  const bool spaced = o.size && o.text[o.size - 1] != ' ';
  if (spaced) o.Append(' ', kSep, w[0].begin, w[0].begin);
  const size_t first = o.size;  // nothing before it changes: a space never collapses
  bool masked = false;
  size_t letters = 0;  // before run collapse
  for (size_t k = 0; k < n; ++k) {
    char out;
    if (!fold(w[k], &out)) continue;
    masked |= out == '*';
    ++letters;
    o.Append(out, w[k].role, w[k].begin, w[k].end);
  }
  if (masked && opt.masks && letters <= 32) {
    // Rare: the dictionary sees the letters before run collapse, so fold them again and,
    // if it fills the masks, write the word over with its letters.
    sc.word.clear();
    char out;
    for (size_t k = 0; k < n; ++k)
      if (fold(w[k], &out)) sc.word.push_back(out);
    if (opt.masks->Resolve(&sc.word)) {
      o.size = first;
      size_t at = 0;
      for (size_t k = 0; k < n; ++k)
        if (fold(w[k], &out)) o.Append(sc.word[at++], w[k].role, w[k].begin, w[k].end);
    }
  }
  if (spaced && o.size == first) --o.size;  // the word was all symbols
  writer.size = o.size;
}

void ResizeFields(NormalizedText* out, size_t n) {
  out->text.resize(n);
  out->begin.resize(n);
  out->end.resize(n);
  out->run.resize(n);
  out->spaced.resize(n);
}

// A writer at the start of `out`, with room for n folded bytes.
OutputWriter WriterFor(NormalizedText* out, size_t n, bool collapse_runs) {
  ResizeFields(out, n);
  return {out->text.data(), out->begin.data(), out->end.data(), out->run.data(), out->spaced.data(), 0, collapse_runs};
}

// How one code point extends a word built unit by unit (FoldWordByWord).
enum class WordStep { kGlyphs, kSeparator, kFullPath };

// Appends the glyph units code point `cp` (bytes [b, e)) yields to `word`, or says it is one
// separator unit, or that only the full path can fold it (letters with no Latin look-alike,
// direction overrides, '|' and '*', which are glyphs and separators at once).
WordStep AddCodePoint(uint32_t cp, uint32_t b, uint32_t e, UnitBuffer& word) {
  const CodePointFold f = FoldCodePoint(cp);
  switch (f.kind) {
    case FoldKind::kAscii: {
      // More units than bytes would overrun the output, sized to the input.
      if (f.len > e - b) return WordStep::kFullPath;
      for (int k = 0; k < f.len; ++k) {
        const unsigned char ch = static_cast<unsigned char>(f.bytes[k]);
        const uint8_t role = ch < 0x80 ? kRoles[ch] : kSep;
        if (role == kSep && f.len == 1) return WordStep::kSeparator;
        if (role & kSep) return WordStep::kFullPath;  // a separator inside a fold, or '|' '*'
        word.Push({static_cast<char>(ch), role, b, e});
      }
      return WordStep::kGlyphs;
    }
    case FoldKind::kMark:  // after a separator (no unit yet) it changes nothing that is written
      if (word.size) word.data[word.size - 1].end = e;
      return WordStep::kGlyphs;
    case FoldKind::kDrop:
      return WordStep::kGlyphs;
    case FoldKind::kSpace:
      return WordStep::kSeparator;
    default:
      return WordStep::kFullPath;
  }
}

// The whole of Normalize, word by word, for texts without letters written apart: what
// Decode, JoinSpacedLetters and the word loop would write, byte for byte. A word of ASCII
// letters and digits goes straight to the output; any other word is made units and given to
// EmitWord. Returns false at anything it does not handle (see AddCodePoint; ASCII controls)
// or at two one-glyph words one separator unit apart ("s e x" may be letters written apart,
// the one case where JoinSpacedLetters changes units); the caller then starts over.
bool FoldWordByWord(std::string_view in, const NormalizeOptions& opt, Scratch& sc, OutputWriter& writer) {
  OutputWriter o = writer;  // in registers, as in EmitWord
  const size_t n = in.size();
  size_t last_length = 0, gap = 0;  // units of the previous word; separator units since it
  auto word_written = [&](size_t length) {
    if (length == 1 && last_length == 1 && gap == 1) return false;
    last_length = length;
    gap = 0;
    return true;
  };
  for (size_t i = 0; i < n;) {
    const unsigned char c0 = static_cast<unsigned char>(in[i]);
    const uint8_t kind = kPlainFolds[c0].kind;
    if (kind == kPlainSep) {
      ++gap, ++i;
      continue;
    }
    if (kind == kPlainOther && c0 < 0x80) return false;
    // Most words: ASCII letters and digits up to an ASCII separator or the end.
    size_t j = i;
    bool has_letter = false, plain = c0 < 0x80;
    for (; j < n; ++j) {
      const uint8_t k = kPlainFolds[static_cast<unsigned char>(in[j])].kind;
      if (k == kPlainLetter) has_letter = true;
      else if (k != kPlainDigit) break;
    }
    if (plain && (j == n || kPlainFolds[static_cast<unsigned char>(in[j])].kind == kPlainSep)) {
      if (!word_written(j - i)) return false;
      if (o.size) o.Append(' ', kSep, uint32_t(i), uint32_t(i));
      for (size_t k = i; k < j; ++k) {
        const char c = has_letter ? kPlainFolds[static_cast<unsigned char>(in[k])].in_word : in[k];
        o.Append(c, kLetter, uint32_t(k), uint32_t(k + 1));
      }
      i = j;
      continue;
    }
    // Any other word: its units, code point by code point, up to a separator unit.
    UnitBuffer& word = sc.kept;
    word.Reset(n - i);  // no more units than bytes (AddCodePoint)
    bool separator_after = false;  // the word ended at a non-ASCII separator, consumed
    size_t k = i;
    while (k < n) {
      const unsigned char c = static_cast<unsigned char>(in[k]);
      if (c < 0x80) {
        const uint8_t ck = kPlainFolds[c].kind;
        if (ck == kPlainSep) break;
        if (ck == kPlainOther) return false;
        const AsciiFold a = kAsciiFolds[c];
        word.Push({a.c, a.role, uint32_t(k), uint32_t(k + 1)});
        ++k;
        continue;
      }
      size_t len;
      const uint32_t cp = DecodeUtf8(in, k, &len);
      const WordStep step = AddCodePoint(cp, uint32_t(k), uint32_t(k + len), word);
      if (step == WordStep::kFullPath) return false;
      k += len;
      if (step == WordStep::kSeparator) {
        separator_after = true;
        break;
      }
    }
    if (word.size) {
      if (!word_written(word.size)) return false;
      writer.size = o.size;
      EmitWord(word.data, word.size, opt, sc, writer);
      o.size = writer.size;
    }
    if (separator_after) ++gap;
    i = k;
  }
  writer.size = o.size;
  return true;
}

}  // namespace

size_t InvisibleLengthAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return ((c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || c == 0x7f) ? 1 : 0;
  size_t len;
  const uint32_t cp = DecodeUtf8(s, i, &len);
  return FoldCodePoint(cp).kind == FoldKind::kDrop ? len : 0;
}

void Normalize(std::string_view input, NormalizedText* out, const NormalizeOptions& opt) {
  static thread_local Scratch sc;
  {
    // Most texts have no letters written apart: one pass, word by word. Each byte yields at
    // most one folded byte (AddCodePoint leaves a code point with more units than bytes to
    // the full path).
    OutputWriter o = WriterFor(out, input.size(), opt.collapse_runs);
    if (FoldWordByWord(input, opt, sc, o)) return ResizeFields(out, o.size);
  }
  Decode(input, &sc.units);
  const Unit* u = sc.units.data;
  const size_t n = sc.units.size;
  JoinSpacedLetters(sc.units.data, n);

  // Stage 3: words (leet, masks) joined by single spaces, repeated letters collapsed (the
  // matcher keeps the count). Each unit yields at most one byte, and a word's space takes
  // the place of the unit that ended the word before it, so n bytes are enough.
  OutputWriter o = WriterFor(out, n, opt.collapse_runs);
  constexpr uint8_t kWordRoles = kLetter | kDigit | kOther | kLeet | kMask;
  for (size_t i = 0; i < n;) {
    if (!(u[i].role & kWordRoles)) {  // kGone is only ever a whole role, with no word bits
      ++i;
      continue;
    }
    size_t j = i;
    bool gone = false;
    while (j < n && (u[j].role & (kWordRoles | kGone))) gone |= (u[j++].role & kGone) != 0;
    if (gone) {  // letters written apart: skip the removed separators
      sc.kept.Reset(j - i);
      for (size_t k = i; k < j; ++k)
        if (u[k].role != kGone) sc.kept.Push(u[k]);
      EmitWord(sc.kept.data, sc.kept.size, opt, sc, o);
    } else {
      EmitWord(&u[i], j - i, opt, sc, o);
    }
    i = j;
  }
  size_t m = o.size;
  while (m && o.text[m - 1] == ' ') --m;
  ResizeFields(out, m);
}

std::string Fold(std::string_view input, const NormalizeOptions& options) {
  NormalizedText t;
  Normalize(input, &t, options);
  return t.text;
}

}  // namespace postern::text_policy
