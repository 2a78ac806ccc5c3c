#include "mail/fold_case.h"

#include <locale.h>
#include <wctype.h>

#include "base/utf8.h"
#include "mail/ascii.h"

namespace tern::mail {
namespace {

// The C.UTF-8 locale for towlower_l, made once (thread-safe static initialisation) and
// kept for the life of the process: freelocale at exit would race with searches still
// running on worker threads. nullptr if the system has no such locale.
locale_t Utf8Locale() {
  static const locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
    if (l == nullptr) l = newlocale(LC_CTYPE_MASK, "C.utf8", nullptr);
    return l;
  }();
  return locale;
}

// Decodes the valid UTF-8 sequence of `n` (2..4) octets at the start of `s`.
char32_t DecodeSequence(std::string_view s, std::size_t n) noexcept {
  static constexpr unsigned char kLeadMask[] = {0, 0, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(s[0]) & kLeadMask[n];
  for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3Fu);
  return cp;
}

char32_t LowerCodePoint(char32_t cp, locale_t locale) noexcept {
  if (locale == nullptr) return cp;
  const wint_t lower = towlower_l(static_cast<wint_t>(cp), locale);
  // Defence in depth: only a valid scalar value may be encoded back.
  if (lower > 0x10FFFF || (lower >= 0xD800 && lower <= 0xDFFF)) return cp;
  return static_cast<char32_t>(lower);
}

}  // namespace

std::string FoldCase(std::string_view text) {
  const locale_t locale = Utf8Locale();
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out.push_back(AsciiLower(text[i]));
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i);
    const std::size_t n = Utf8SequenceLength(rest);
    if (n == 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    AppendUtf8(out, LowerCodePoint(DecodeSequence(rest, n), locale));
    i += n;
  }
  return out;
}

}  // namespace tern::mail
