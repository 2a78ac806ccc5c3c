#include "mail/encoded_word.h"

#include "mail/ascii.h"
#include "mail/charset.h"
#include "mail/transfer_decode.h"

namespace tern::mail {
namespace {

struct EncodedWord {
  std::string_view charset;
  std::string bytes;       // decoded octets, still in `charset`
  std::size_t length = 0;  // of the whole "=?...?=" in the input
};

// RFC 2047 section 2: especials may not appear in charset/encoding tokens.
bool IsTokenChar(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u >= 127) return false;
  return std::string_view("()<>@,;:\"/[]?.=").find(c) == std::string_view::npos;
}

// Parses an encoded word at the start of `s` (which begins with "=?").
bool ParseEncodedWord(std::string_view s, EncodedWord& word) {
  std::size_t i = 2;
  const std::size_t charset_start = i;
  // RFC 2231 section 5 allows "charset*language"; '*' is a token char already.
  while (i < s.size() && IsTokenChar(s[i])) ++i;
  if (i == charset_start || i >= s.size() || s[i] != '?') return false;
  const std::string_view charset = s.substr(charset_start, i - charset_start);
  ++i;
  if (i + 1 >= s.size() || s[i + 1] != '?') return false;
  const char encoding = AsciiLower(s[i]);
  if (encoding != 'b' && encoding != 'q') return false;
  i += 2;
  const std::size_t text_start = i;
  while (i + 1 < s.size() && !(s[i] == '?' && s[i + 1] == '=')) {
    if (IsLinearSpace(s[i])) return false;  // encoded-text has no whitespace
    ++i;
  }
  if (i + 1 >= s.size()) return false;
  const std::string_view text = s.substr(text_start, i - text_start);
  word.charset = charset;
  word.bytes = encoding == 'b' ? DecodeBase64(text) : DecodeQEncoding(text);
  word.length = i + 2;
  return true;
}

}  // namespace

std::string DecodeEncodedWords(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::string pending_bytes;        // adjacent words' octets awaiting conversion
  std::string_view pending_charset;  // their charset
  std::size_t literal_start = 0;    // start of the text not yet copied
  bool last_was_word = false;

  auto flush = [&]() {
    if (!pending_bytes.empty()) out.append(ConvertToUtf8(pending_charset, pending_bytes).text);
    pending_bytes.clear();
    pending_charset = {};
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = text.find("=?", pos);
    if (start == std::string_view::npos) break;
    EncodedWord word;
    if (!ParseEncodedWord(text.substr(start), word)) {
      pos = start + 1;
      continue;
    }
    const std::string_view between = text.substr(literal_start, start - literal_start);
    const bool only_space = TrimLinearSpace(between).empty();
    if (!(last_was_word && only_space)) {
      flush();
      out.append(SanitizeUtf8(between));
    } else if (!EqualsIgnoreCase(word.charset, pending_charset)) {
      flush();
    }
    pending_charset = word.charset;
    pending_bytes.append(word.bytes);
    last_was_word = true;
    pos = start + word.length;
    literal_start = pos;
  }
  flush();
  out.append(SanitizeUtf8(text.substr(literal_start)));
  return out;
}

}  // namespace tern::mail
