#include "imap/url/imap_url.h"

#include <cctype>
#include <string>
#include <variant>

#include "imap/grammar/context.h"
#include "imap/grammar/cursor.h"
#include "imap/grammar/mailbox_name.h"
#include "imap/grammar/raw_command.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::url {
namespace {

tl::unexpected<Error> Bad(std::string text) {
  return Fail(ErrorCode::kInvalidArgument, std::move(text));
}

// bchar = achar / ":" / "@" / "/"; achar = uchar / "&" / "="; uchar = unreserved /
// sub-delims-sh / pct-encoded (RFC 5092 11). "%" is checked with what follows it.
bool IsBchar(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':                        // unreserved
    case '!': case '$': case '\'': case '(': case ')': case '*':   // sub-delims-sh
    case '+': case ',':
    case '&': case '=': case ':': case '@': case '/': case '%':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 1*bchar, percent-decoded; `what` names the component in errors.
Result<std::string> Decode(std::string_view s, std::string_view what) {
  if (s.empty()) return Bad("empty " + std::string(what) + " in URL");
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!IsBchar(c)) return Bad("invalid character in URL " + std::string(what));
    if (c != '%') {
      out += static_cast<char>(c);
      continue;
    }
    const int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Bad("invalid percent-encoding in URL " + std::string(what));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Consumes `prefix` (ASCII case-insensitive) from the front of `s`.
bool TakePrefix(std::string_view& s, std::string_view prefix) {
  if (s.size() < prefix.size() || !grammar::EqualsIgnoreCase(s.substr(0, prefix.size()), prefix)) {
    return false;
  }
  s.remove_prefix(prefix.size());
  return true;
}

// number = 1*DIGIT, 32-bit (RFC 9051 9), consumed from the front of `s`.
Result<std::uint32_t> TakeNumber(std::string_view& s, std::string_view what) {
  std::size_t n = 0;
  std::uint64_t v = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) {
    v = v * 10 + static_cast<std::uint64_t>(s[n] - '0');
    if (v > UINT32_MAX) return Bad("number too large in URL " + std::string(what));
    ++n;
  }
  if (n == 0) return Bad("expected a number for URL " + std::string(what));
  s.remove_prefix(n);
  return static_cast<std::uint32_t>(v);
}

Result<std::uint32_t> TakeNzNumber(std::string_view& s, std::string_view what) {
  auto v = TakeNumber(s, what);
  if (v && *v == 0) return Bad("zero " + std::string(what) + " in URL");
  return v;
}

// section-spec as FETCH reads it (RFC 5092 6: the URL's section is what
// "UID FETCH uid BODY.PEEK[<section>]" would fetch), so both accept the same sections.
Result<grammar::Section> ParseSectionSpec(std::string_view spec) {
  grammar::RawCommand raw;
  raw.text = " 1 BODY.PEEK[" + std::string(spec) + "]";
  const grammar::ParseContext context;
  grammar::Cursor c(raw, context);
  auto fetch = grammar::ParseFetch(c, /*uid=*/true);
  if (!fetch || !c.AtEnd() || fetch->items.size() != 1) return Bad("invalid section in URL");
  const auto* body = std::get_if<grammar::FetchBody>(&fetch->items.front());
  if (body == nullptr || body->partial) return Bad("invalid section in URL");
  return body->section;
}

}  // namespace

Result<MessagePartUrl> ParseMessagePartUrl(std::string_view url) {
  if (url.size() > kMaxUrlLength) return Bad("URL too long");
  if (TakePrefix(url, "imap:")) return Bad("only URLs relative to this server are supported");
  if (url.starts_with("//")) return Bad("only URLs relative to this server are supported");
  if (!url.starts_with("/")) return Bad("URL must start with /");
  url.remove_prefix(1);

  MessagePartUrl out;
  // enc-mailbox ends at the first ";" (not a bchar): the one of ";UIDVALIDITY=", or of
  // ";UID=" after the "/" that separates it.
  const std::size_t semi = url.find(';');
  if (semi == std::string_view::npos) return Bad("URL names no message (;UID= missing)");
  std::string_view mailbox = url.substr(0, semi);
  url.remove_prefix(semi);
  if (TakePrefix(url, ";UIDVALIDITY=")) {
    auto v = TakeNzNumber(url, "UIDVALIDITY");
    if (!v) return Fail(v.error());
    out.uid_validity = *v;
    if (!TakePrefix(url, "/")) return Bad("URL names no message (;UID= missing)");
  } else if (mailbox.ends_with('/')) {
    mailbox.remove_suffix(1);
  } else {
    return Bad("URL names no message (;UID= missing)");
  }
  auto decoded = Decode(mailbox, "mailbox");
  if (!decoded) return Fail(decoded.error());
  // RFC 5092 8: UTF-8 (percent-encoded) whatever the session's own mailbox encoding.
  grammar::ParseContext utf8;
  utf8.rev2 = true;
  auto name = grammar::DecodeMailboxName(*decoded, utf8);
  if (!name) return Fail(name.error());
  out.mailbox = std::move(*name);

  if (!TakePrefix(url, ";UID=")) return Bad("URL names no message (;UID= missing)");
  auto uid = TakeNzNumber(url, "UID");
  if (!uid) return Fail(uid.error());
  out.uid = *uid;

  if (TakePrefix(url, "/;SECTION=")) {
    // enc-section = 1*bchar, up to ";PARTIAL" (after its "/") or the end.
    std::size_t end = url.find(';');
    if (end == std::string_view::npos) {
      end = url.size();
    } else if (end == 0 || url[end - 1] != '/') {
      return Bad("invalid section in URL");
    } else {
      --end;
    }
    auto spec = Decode(url.substr(0, end), "section");
    if (!spec) return Fail(spec.error());
    auto section = ParseSectionSpec(*spec);
    if (!section) return Fail(section.error());
    out.section = std::move(*section);
    url.remove_prefix(end);
  }
  if (TakePrefix(url, "/;PARTIAL=")) {
    UrlPartial p;
    auto offset = TakeNumber(url, "partial offset");
    if (!offset) return Fail(offset.error());
    p.offset = *offset;
    if (TakePrefix(url, ".")) {
      auto length = TakeNzNumber(url, "partial length");
      if (!length) return Fail(length.error());
      p.length = *length;
    }
    out.partial = p;
  }
  if (url.starts_with(";")) {
    // iurlauth (";EXPIRE=" / ";URLAUTH="): RFC 4467, which Tern does not offer.
    if (TakePrefix(url, ";URLAUTH=") || TakePrefix(url, ";EXPIRE=")) {
      return Bad("URLAUTH is not supported");
    }
  }
  if (!url.empty()) return Bad("unexpected data at the end of the URL");
  return out;
}

}  // namespace tern::imap::url
