#include "imap/grammar/mutf7.h"

#include <cstdint>
#include <vector>

#include "base/utf8.h"

namespace tern::imap::grammar {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == ',') return 63;
  return -1;
}

tl::unexpected<Error> Invalid() {
  return Fail(ErrorCode::kInvalidArgument, "invalid modified UTF-7 mailbox name");
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes valid UTF-8 (checked by the caller) to code points.
std::vector<std::uint32_t> CodePoints(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t n = 0;
    if (c < 0x80) {
      cp = c;
    } else if (c < 0xe0) {
      cp = c & 0x1fu;
      n = 1;
    } else if (c < 0xf0) {
      cp = c & 0x0fu;
      n = 2;
    } else {
      cp = c & 0x07u;
      n = 3;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
    }
    out.push_back(cp);
    i += n + 1;
  }
  return out;
}

}  // namespace

Result<std::string> DecodeModifiedUtf7(std::string_view in) {
  std::string out;
  bool previous_was_encoded = false;
  for (std::size_t i = 0; i < in.size();) {
    const char c = in[i];
    if (c < 0x20 || c > 0x7e) return Invalid();
    if (c != '&') {
      out += c;
      ++i;
      previous_was_encoded = false;
      continue;
    }
    const std::size_t end = in.find('-', i + 1);
    if (end == std::string_view::npos) return Invalid();
    if (end == i + 1) {  // "&-" is "&"
      out += '&';
      i = end + 1;
      previous_was_encoded = false;
      continue;
    }
    // RFC 3501 5.1.3: "&" ... encoded runs must not be adjacent (they would be one run).
    if (previous_was_encoded) return Invalid();
    std::uint32_t bits = 0;
    int nbits = 0;
    std::vector<std::uint16_t> units;
    for (std::size_t k = i + 1; k < end; ++k) {
      const int v = Base64Value(in[k]);
      if (v < 0) return Invalid();
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        units.push_back(static_cast<std::uint16_t>((bits >> nbits) & 0xffff));
        bits &= (1u << nbits) - 1;
      }
    }
    // Leftover bits are padding: fewer than 6 and all zero.
    if (nbits >= 6 || bits != 0 || units.empty()) return Invalid();
    for (std::size_t k = 0; k < units.size(); ++k) {
      std::uint32_t cp = units[k];
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (k + 1 >= units.size() || units[k + 1] < 0xdc00 || units[k + 1] > 0xdfff) {
          return Invalid();
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (units[k + 1] - 0xdc00u);
        ++k;
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        return Invalid();
      } else if (cp >= 0x20 && cp <= 0x7e) {
        return Invalid();  // printable US-ASCII "MUST" represent itself
      }
      AppendUtf8(out, cp);
    }
    i = end + 1;
    previous_was_encoded = true;
  }
  return out;
}

Result<std::string> EncodeModifiedUtf7(std::string_view utf8) {
  if (!IsValidUtf8(utf8)) {
    return Fail(ErrorCode::kInvalidArgument, "invalid UTF-8 mailbox name");
  }
  const std::vector<std::uint32_t> cps = CodePoints(utf8);
  std::string out;
  for (std::size_t i = 0; i < cps.size();) {
    const std::uint32_t cp = cps[i];
    if (cp >= 0x20 && cp <= 0x7e) {
      out += static_cast<char>(cp);
      if (cp == '&') out += '-';
      ++i;
      continue;
    }
    std::vector<std::uint16_t> units;
    while (i < cps.size() && !(cps[i] >= 0x20 && cps[i] <= 0x7e)) {
      const std::uint32_t c = cps[i++];
      if (c >= 0x10000) {
        units.push_back(static_cast<std::uint16_t>(0xd800 + ((c - 0x10000) >> 10)));
        units.push_back(static_cast<std::uint16_t>(0xdc00 + ((c - 0x10000) & 0x3ff)));
      } else {
        units.push_back(static_cast<std::uint16_t>(c));
      }
    }
    out += '&';
    std::uint32_t bits = 0;
    int nbits = 0;
    for (std::uint16_t u : units) {
      bits = (bits << 16) | u;
      nbits += 16;
      while (nbits >= 6) {
        nbits -= 6;
        out += kAlphabet[(bits >> nbits) & 0x3f];
      }
      bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) out += kAlphabet[(bits << (6 - nbits)) & 0x3f];
    out += '-';
  }
  return out;
}

}  // namespace tern::imap::grammar
