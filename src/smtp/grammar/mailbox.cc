#include "smtp/grammar/mailbox.h"

#include <optional>
#include <vector>

#include "smtp/grammar/limits.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/grammar/syntax.h"

namespace tern::smtp::grammar {
namespace {

// RFC 1035 2.3.4: "labels 63 octets or less".
constexpr std::size_t kMaxLabelLength = 63;

// Consumes one atext character (or a UTF8-non-ascii sequence when allowed) at s[i];
// returns its length or 0.
std::size_t AtextLength(std::string_view s, std::size_t i, bool allow_utf8) {
  if (IsAtext(s[i])) return 1;
  return allow_utf8 ? Utf8NonAsciiLength(s, i) : 0;
}

// Scans a Dot-string at the start of `s`; returns its length (0 if none).
std::size_t ScanDotString(std::string_view s, bool allow_utf8) {
  std::size_t i = 0;
  for (;;) {
    std::size_t atom_start = i;
    while (i < s.size()) {
      std::size_t n = AtextLength(s, i, allow_utf8);
      if (n == 0) break;
      i += n;
    }
    if (i == atom_start) return 0;  // empty atom: leading, trailing or double dot
    if (i < s.size() && s[i] == '.') {
      ++i;
      continue;
    }
    return i;
  }
}

// Scans a Quoted-string at the start of `s`, appending its decoded content to `out`;
// returns its length including the quotes (0 if malformed).
std::size_t ScanQuotedString(std::string_view s, bool allow_utf8, std::string& out) {
  if (s.empty() || s[0] != '"') return 0;
  std::size_t i = 1;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') return i + 1;
    if (c == '\\') {
      if (i + 1 < s.size() && IsPrintable(s[i + 1])) {
        out += s[i + 1];
        i += 2;
        continue;
      }
      return 0;
    }
    if (IsPrintable(c)) {  // qtextSMTP: %d32-33 / %d35-91 / %d93-126
      out += c;
      ++i;
      continue;
    }
    std::size_t n = allow_utf8 ? Utf8NonAsciiLength(s, i) : 0;
    if (n == 0) return 0;
    out.append(s.substr(i, n));
    i += n;
  }
  return 0;
}

bool IsLabel(std::string_view label, bool allow_utf8) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  for (std::size_t i = 0; i < label.size();) {
    char c = label[i];
    if (IsLetDig(c) || c == '-') {
      ++i;
      continue;
    }
    std::size_t n = allow_utf8 ? Utf8NonAsciiLength(label, i) : 0;
    if (n == 0) return false;
    i += n;
  }
  // sub-domain = Let-dig [Ldh-str]: no leading or trailing hyphen. A U-label follows the
  // same rule (RFC 5891 4.2.3.1).
  return label.front() != '-' && label.back() != '-';
}

std::optional<unsigned> ParseSnum(std::string_view s) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 255) return std::nullopt;
  return v;
}

bool IsIpv4(std::string_view s) {
  int parts = 0;
  for (;;) {
    auto dot = s.find('.');
    if (!ParseSnum(s.substr(0, dot))) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

std::vector<std::string_view> SplitColons(std::string_view s) {
  std::vector<std::string_view> parts;
  if (s.empty()) return parts;
  for (;;) {
    auto colon = s.find(':');
    parts.push_back(s.substr(0, colon));
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
  }
  return parts;
}

// IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp
//   IPv6-hex  = 1*4HEXDIG
//   IPv6-full = IPv6-hex 7(":" IPv6-hex)
//   IPv6-comp = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]
//       ; The "::" represents at least 2 16-bit groups of zeros.  No more than 6
//       ; groups in addition to the "::" may be present.
//   IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
//   IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"]
//                 IPv4-address-literal
//       ; No more than 4 groups in addition to the "::" and IPv4-address-literal.
bool IsIpv6(std::string_view s) {
  bool has_v4 = false;
  auto last_colon = s.rfind(':');
  if (last_colon == std::string_view::npos) return false;
  if (s.substr(last_colon + 1).find('.') != std::string_view::npos) {
    if (!IsIpv4(s.substr(last_colon + 1))) return false;
    has_v4 = true;
    // Keep the colon before the IPv4 part only if it belongs to a "::".
    s = (last_colon > 0 && s[last_colon - 1] == ':') ? s.substr(0, last_colon + 1)
                                                     : s.substr(0, last_colon);
  }
  auto all_hex = [](std::string_view groups) {
    for (std::string_view g : SplitColons(groups)) {
      if (g.empty() || g.size() > 4) return false;
      for (char c : g) {
        if (!IsHexDigit(c)) return false;
      }
    }
    return true;
  };
  auto count = [](std::string_view groups) {
    return groups.empty() ? std::size_t{0} : SplitColons(groups).size();
  };
  auto dc = s.find("::");
  if (dc == std::string_view::npos) {
    if (!all_hex(s)) return false;
    return count(s) == (has_v4 ? 6u : 8u);
  }
  std::string_view before = s.substr(0, dc);
  std::string_view after = s.substr(dc + 2);
  if (after.find("::") != std::string_view::npos) return false;
  if (!all_hex(before) || !all_hex(after)) return false;
  return count(before) + count(after) <= (has_v4 ? 4u : 6u);
}

}  // namespace

bool Mailbox::HasNonAscii() const {
  return grammar::HasNonAscii(local_part) || grammar::HasNonAscii(domain);
}

std::string Mailbox::ToString() const {
  std::string out;
  if (IsDotString(local_part, true)) {
    out = local_part;
  } else {
    out += '"';
    for (char c : local_part) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  if (domain_kind != DomainKind::kNone) {
    out += '@';
    out += domain;
  }
  return out;
}

bool IsDomain(std::string_view s, bool allow_utf8) {
  if (s.empty() || s.size() > kMaxDomainLength) return false;
  for (;;) {
    auto dot = s.find('.');
    if (!IsLabel(s.substr(0, dot), allow_utf8)) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

DomainKind ClassifyAddressLiteral(std::string_view s) {
  if (s.size() < 3 || s.size() > kMaxDomainLength || s.front() != '[' || s.back() != ']') {
    return DomainKind::kNone;
  }
  std::string_view inner = s.substr(1, s.size() - 2);
  if (IsIpv4(inner)) return DomainKind::kIpv4Literal;
  if (StartsWithIgnoreCase(inner, "IPv6:") && IsIpv6(inner.substr(5))) {
    return DomainKind::kIpv6Literal;
  }
  return DomainKind::kNone;
}

DomainKind ClassifyDomain(std::string_view s, bool allow_utf8) {
  if (!s.empty() && s.front() == '[') return ClassifyAddressLiteral(s);
  return IsDomain(s, allow_utf8) ? DomainKind::kName : DomainKind::kNone;
}

bool IsDotString(std::string_view s, bool allow_utf8) {
  return !s.empty() && ScanDotString(s, allow_utf8) == s.size();
}

namespace {

ReplyError BadSyntax(AddressRole role, std::string text) {
  return role == AddressRole::kSender ? syntax_replies::BadSenderSyntax(std::move(text))
                                      : syntax_replies::BadRecipientSyntax(std::move(text));
}

// The parse proper; returns the reason text on failure.
tl::expected<Mailbox, std::string> ParseMailboxImpl(std::string_view s, bool allow_utf8) {
  Mailbox m;
  std::size_t local_len = 0;
  if (!s.empty() && s[0] == '"') {
    local_len = ScanQuotedString(s, allow_utf8, m.local_part);
    if (local_len == 0) return tl::unexpected<std::string>("Bad quoted local part");
  } else {
    local_len = ScanDotString(s, allow_utf8);
    if (local_len == 0) return tl::unexpected<std::string>("Bad local part");
    m.local_part = std::string(s.substr(0, local_len));
  }
  if (local_len > kMaxLocalPartLength) {
    return tl::unexpected<std::string>("Local part too long");
  }
  if (local_len >= s.size() || s[local_len] != '@') {
    return tl::unexpected<std::string>("Address must have the form local-part@domain");
  }
  std::string_view domain = s.substr(local_len + 1);
  if (domain.size() > kMaxDomainLength) return tl::unexpected<std::string>("Domain too long");
  m.domain_kind = ClassifyDomain(domain, allow_utf8);
  if (m.domain_kind == DomainKind::kNone) return tl::unexpected<std::string>("Bad domain");
  m.domain = std::string(domain);
  return m;
}

}  // namespace

Result<Mailbox> ParseMailbox(std::string_view s, AddressRole role, bool allow_utf8) {
  auto parsed = ParseMailboxImpl(s, allow_utf8);
  if (parsed) return std::move(*parsed);
  // RFC 6531 3.5: a well-formed internationalized address without SMTPUTF8 is refused
  // with X.6.7, so the client knows to retry or downgrade rather than fix its syntax.
  if (!allow_utf8 && HasNonAscii(s) && ParseMailboxImpl(s, true)) {
    ReplyError e = role == AddressRole::kSender ? syntax_replies::NonAsciiSender()
                                                : syntax_replies::NonAsciiRecipient();
    return Fail(e.ToError("non-ASCII address without SMTPUTF8"));
  }
  return Fail(BadSyntax(role, parsed.error()).ToError());
}

}  // namespace tern::smtp::grammar
