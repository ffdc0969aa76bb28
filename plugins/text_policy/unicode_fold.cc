#include "plugins/text_policy/unicode_fold.h"

#include <map>
#include <memory>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

namespace postern::text_policy {
namespace {

constexpr uint32_t kTableSize = 0x20000;  // planes 0 and 1: BMP + math alphanumerics

struct IcuTools {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  USpoofChecker* spoof = nullptr;
  // skeleton(x) -> x for ASCII letters, so a look-alike maps back to the letter it
  // imitates even when the skeleton is not that letter ("m" has skeleton "rn").
  std::map<std::u16string, char> skeleton_to_ascii;
};

bool IsMark(UChar32 c) {
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

std::u16string Skeleton(const IcuTools& icu, const icu::UnicodeString& s) {
  UErrorCode st = U_ZERO_ERROR;
  char16_t buf[64];
  int32_t n = uspoof_getSkeleton(icu.spoof, 0, s.getBuffer(), s.length(), buf, 64, &st);
  if (U_FAILURE(st) || n > 64) return {};
  return std::u16string(buf, buf + n);
}

// Decomposes and drops combining marks: "é" -> "e", "o\u0338" -> "o".
icu::UnicodeString StripMarks(const IcuTools& icu, const icu::UnicodeString& s) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString d = icu.nfd->normalize(s, st);
  icu::UnicodeString out;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    if (!IsMark(c)) out.append(c);
    i += U16_LENGTH(c);
  }
  return out;
}

bool AllAscii(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); ++i)
    if (s[i] >= 0x80) return false;
  return true;
}

// The ASCII letter a non-Latin look-alike imitates, or 0.
char ResolveConfusable(const IcuTools& icu, UChar32 c) {
  for (UChar32 cand : {c, u_toupper(c), u_tolower(c)}) {
    std::u16string sk = Skeleton(icu, icu::UnicodeString(cand));
    auto it = icu.skeleton_to_ascii.find(sk);
    if (it != icu.skeleton_to_ascii.end()) return it->second;
    icu::UnicodeString bare = StripMarks(icu, icu::UnicodeString(sk.data(), sk.size()));
    if (bare.length() == 1 && bare[0] < 0x80 && u_isalpha(bare[0]))
      return static_cast<char>(u_tolower(bare[0]));
  }
  return 0;
}

CodePointFold FoldAscii(uint32_t cp) {
  CodePointFold f;
  // Space and the whitespace controls (tab, line breaks) separate words; every other
  // control is invisible, so it vanishes like a zero-width space ("h\u0001ell" is "hell").
  if (cp == 0x20 || (cp >= 0x09 && cp <= 0x0d)) return f;
  if (cp < 0x20 || cp == 0x7f) return {FoldKind::kDrop, 0, {}};
  f.kind = FoldKind::kAscii;
  f.len = 1;
  f.bytes[0] = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
  return f;
}

CodePointFold FoldSlow(const IcuTools& icu, uint32_t cp) {
  CodePointFold f;
  if (cp < 0x80) return FoldAscii(cp);
  UChar32 c = static_cast<UChar32>(cp);
  if (cp == 0x202E) return {FoldKind::kBidiReverse, 0, {}};
  if (cp == 0x202C || cp == 0x2069) return {FoldKind::kBidiEnd, 0, {}};
  if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return {FoldKind::kDrop, 0, {}};
  int8_t type = u_charType(c);
  // Format characters and non-space controls (C1) are invisible inside a word too.
  if (type == U_FORMAT_CHAR || (type == U_CONTROL_CHAR && !u_isUWhiteSpace(c))) return {FoldKind::kDrop, 0, {}};
  if (type == U_UNASSIGNED || type == U_SURROGATE || type == U_PRIVATE_USE_CHAR) return f;
  if (IsMark(c)) return {FoldKind::kMark, 0, {}};
  if (u_isUWhiteSpace(c)) return f;

  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString folded = StripMarks(icu, icu.nfkc_cf->normalize(icu::UnicodeString(c), st));
  if (U_FAILURE(st)) return f;
  if (folded.isEmpty()) return {FoldKind::kDrop, 0, {}};
  std::string ascii;
  bool other_letter = false;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 ch = folded.char32At(i);
    i += U16_LENGTH(ch);
    if (ch < 0x80) {
      ascii.push_back(static_cast<char>(u_tolower(ch)));
    } else if (char a = ResolveConfusable(icu, ch)) {
      ascii.push_back(a);
    } else if (u_isalpha(ch)) {
      other_letter = true;
    } else {
      ascii.push_back(' ');
    }
  }
  if (other_letter) return {FoldKind::kOtherLetter, 0, {}};
  if (ascii.empty() || ascii.size() > 3 || ascii.find_first_not_of(' ') == std::string::npos)
    return f;  // kSpace
  f.kind = FoldKind::kAscii;
  f.len = static_cast<uint8_t>(ascii.size());
  for (size_t i = 0; i < ascii.size(); ++i) f.bytes[i] = ascii[i] == ' ' ? '\x20' : ascii[i];
  return f;
}

std::unique_ptr<IcuTools> OpenIcu() {
  auto icu = std::make_unique<IcuTools>();
  UErrorCode st = U_ZERO_ERROR;
  icu->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(st);
  icu->nfd = icu::Normalizer2::getNFDInstance(st);
  icu->spoof = uspoof_open(&st);
  if (U_FAILURE(st)) return nullptr;
  // Lower-case letters first so they win over capitals with the same skeleton.
  for (char x = 'a'; x <= 'z'; ++x)
    icu->skeleton_to_ascii.emplace(Skeleton(*icu, icu::UnicodeString(static_cast<UChar32>(x))), x);
  for (char x = 'A'; x <= 'Z'; ++x)
    icu->skeleton_to_ascii.emplace(Skeleton(*icu, icu::UnicodeString(static_cast<UChar32>(x))),
                                   static_cast<char>(x + 32));
  return icu;
}

const std::vector<CodePointFold>& Table() {
  static const std::vector<CodePointFold> table = [] {
    std::vector<CodePointFold> t(kTableSize);
    auto icu = OpenIcu();
    for (uint32_t cp = 0; cp < kTableSize; ++cp)
      t[cp] = icu ? FoldSlow(*icu, cp) : (cp < 0x80 ? FoldAscii(cp) : CodePointFold{});
    if (icu) uspoof_close(icu->spoof);
    return t;
  }();
  return table;
}

}  // namespace

CodePointFold FoldCodePoint(uint32_t cp) {
  if (cp < kTableSize) return Table()[cp];
  if (cp > 0x10FFFF) return {};
  // Outside planes 0-1 only coarse classes matter: tags and variation selectors
  // are invisible, the rest are rare letters or symbols.
  UChar32 c = static_cast<UChar32>(cp);
  if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || u_charType(c) == U_FORMAT_CHAR)
    return {FoldKind::kDrop, 0, {}};
  if (IsMark(c)) return {FoldKind::kMark, 0, {}};
  if (u_isalpha(c)) return {FoldKind::kOtherLetter, 0, {}};
  return {};
}

void WarmUpFoldTable() { (void)Table(); }

}  // namespace postern::text_policy
