#include "imap/sort/collation.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace tern::imap::sort {

std::string CasemapKey(std::string_view text) {
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }
  const icu::UnicodeString decoded = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString titled;
  for (int32_t i = 0; i < decoded.length();) {
    const UChar32 cp = decoded.char32At(i);
    titled.append(u_totitle(cp));
    i += U16_LENGTH(cp);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString key = U_SUCCESS(status) ? nfkd->normalize(titled, status) : titled;
  if (U_FAILURE(status)) key = titled;
  std::string out;
  key.toUTF8String(out);
  return out;
}

}  // namespace tern::imap::sort
