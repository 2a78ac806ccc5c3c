#include "smtp/grammar/path.h"

#include "smtp/grammar/limits.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/grammar/syntax.h"

namespace tern::smtp::grammar {
namespace {

ReplyError BadSyntax(AddressRole role, std::string text) {
  return role == AddressRole::kSender ? syntax_replies::BadSenderSyntax(std::move(text))
                                      : syntax_replies::BadRecipientSyntax(std::move(text));
}

// Position of the '>' that closes the path opened at s[0], skipping quoted strings (a
// quoted local part may contain '>'); npos if unclosed.
std::size_t FindPathEnd(std::string_view s) {
  bool quoted = false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// A-d-l ":" at the start of `inner`; returns the length consumed or 0 when malformed.
std::size_t SkipSourceRoute(std::string_view inner, bool allow_utf8) {
  auto colon = inner.find(':');
  if (colon == std::string_view::npos) return 0;
  std::string_view route = inner.substr(0, colon);
  for (;;) {
    auto comma = route.find(',');
    std::string_view at_domain = route.substr(0, comma);
    if (at_domain.size() < 2 || at_domain[0] != '@' || !IsDomain(at_domain.substr(1), allow_utf8)) {
      return 0;
    }
    if (comma == std::string_view::npos) break;
    route.remove_prefix(comma + 1);
  }
  return colon + 1;
}

}  // namespace

Result<ParsedPath> ParsePath(std::string_view s, AddressRole role, bool allow_utf8) {
  if (s.empty() || s[0] != '<') {
    return Fail(BadSyntax(role, "Address must be enclosed in <>").ToError());
  }
  std::size_t end = FindPathEnd(s);
  if (end == std::string_view::npos) {
    return Fail(BadSyntax(role, "Missing > after address").ToError());
  }
  ParsedPath out;
  out.length = end + 1;
  if (out.length > kMaxPathLength) {
    ReplyError e = syntax_replies::PathTooLong();
    if (role == AddressRole::kSender) e.enhanced = "5.1.7";
    return Fail(e.ToError());
  }
  std::string_view inner = s.substr(1, end - 1);
  if (inner.empty()) {
    if (role == AddressRole::kSender) return out;
    return Fail(BadSyntax(role, "Null recipient not allowed").ToError());
  }
  if (role == AddressRole::kRecipient && EqualsIgnoreCase(inner, "Postmaster")) {
    Mailbox m;
    m.local_part = std::string(inner);
    m.domain_kind = DomainKind::kNone;
    out.mailbox = std::move(m);
    return out;
  }
  if (inner[0] == '@') {
    std::size_t route = SkipSourceRoute(inner, allow_utf8);
    if (route == 0) return Fail(BadSyntax(role, "Bad source route").ToError());
    inner.remove_prefix(route);
  }
  auto mailbox = ParseMailbox(inner, role, allow_utf8);
  if (!mailbox) return Fail(std::move(mailbox).error());
  out.mailbox = std::move(*mailbox);
  return out;
}

}  // namespace tern::smtp::grammar
