#include "mail/transfer_decode.h"

#include <cstdint>

#include "mail/ascii.h"
#include "mail/charset.h"
#include "mail/structure.h"

namespace tern::mail {
namespace {

int Base64Value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

TransferEncoding ClassifyTransferEncoding(std::string_view value) noexcept {
  value = TrimLinearSpace(value);
  if (value.empty() || EqualsIgnoreCase(value, "7bit") || EqualsIgnoreCase(value, "8bit") ||
      EqualsIgnoreCase(value, "binary")) {
    return TransferEncoding::kIdentity;
  }
  if (EqualsIgnoreCase(value, "base64")) return TransferEncoding::kBase64;
  if (EqualsIgnoreCase(value, "quoted-printable")) return TransferEncoding::kQuotedPrintable;
  return TransferEncoding::kUnknown;
}

std::string DecodeBase64(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : encoded) {
    if (c == '=') break;
    const int v = Base64Value(c);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t lf = encoded.find('\n', pos);
    const bool has_eol = lf != std::string_view::npos;
    if (!has_eol) lf = encoded.size();
    std::size_t end = lf;
    std::string_view eol = has_eol ? std::string_view("\n") : std::string_view();
    if (has_eol && end > pos && encoded[end - 1] == '\r') {
      --end;
      eol = "\r\n";
    }
    std::string_view line = encoded.substr(pos, end - pos);
    // Rule (3): trailing whitespace was added in transport and is not data.
    while (!line.empty() && IsWsp(line.back())) line.remove_suffix(1);
    bool soft_break = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c != '=') {
        out.push_back(c);
        continue;
      }
      if (i + 1 == line.size()) {
        soft_break = true;
        break;
      }
      const int hi = i + 1 < line.size() ? HexValue(line[i + 1]) : -1;
      const int lo = i + 2 < line.size() ? HexValue(line[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else {
        out.push_back('=');  // note (1): keep a malformed '=' as is
      }
    }
    if (!soft_break) out.append(eol);
    pos = has_eol ? lf + 1 : encoded.size();
  }
  return out;
}

std::string DecodeQEncoding(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < encoded.size() && HexValue(encoded[i + 1]) >= 0 && HexValue(encoded[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string DecodeTransfer(TransferEncoding encoding, std::string_view body) {
  switch (encoding) {
    case TransferEncoding::kBase64:
      return DecodeBase64(body);
    case TransferEncoding::kQuotedPrintable:
      return DecodeQuotedPrintable(body);
    case TransferEncoding::kIdentity:
    case TransferEncoding::kUnknown:
      break;
  }
  return std::string(body);
}

std::string DecodeBodyText(const MessagePart& part, std::string_view raw_body) {
  const std::string decoded =
      DecodeTransfer(ClassifyTransferEncoding(part.encoding.value_or("")), raw_body);
  const Parameter* charset = FindParameter(part.params, "charset");
  return ConvertToUtf8(charset != nullptr ? std::string_view(charset->value) : "us-ascii",
                       decoded)
      .text;
}

}  // namespace tern::mail
