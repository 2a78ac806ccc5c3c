#include "imap/grammar/mailbox_name.h"

#include "base/utf8.h"
#include "imap/grammar/mutf7.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

Result<std::string> Decode(std::string_view wire, const ParseContext& context) {
  if (wire.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "invalid mailbox name");
  }
  std::string name;
  if (context.IsUtf8()) {
    // RFC 9051 5.1: names are UTF-8; "&" is an ordinary character here.
    if (!IsValidUtf8(wire)) return Fail(ErrorCode::kInvalidArgument, "invalid UTF-8 mailbox name");
    name = std::string(wire);
  } else {
    for (char c : wire) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        return Fail(ErrorCode::kInvalidArgument, "8-bit mailbox name (use modified UTF-7)");
      }
    }
    auto decoded = DecodeModifiedUtf7(wire);
    if (!decoded) return Fail(decoded.error());
    name = std::move(*decoded);
  }
  if (name.size() > kMaxMailboxNameLength) {
    return Fail(ErrorCode::kInvalidArgument, "mailbox name too long");
  }
  return name;
}

}  // namespace

Result<std::string> DecodeMailboxName(std::string_view wire, const ParseContext& context) {
  auto name = Decode(wire, context);
  if (name && EqualsIgnoreCase(*name, "INBOX")) *name = "INBOX";
  return name;
}

Result<std::string> ParseMailbox(Cursor& c) {
  auto wire = c.AString("mailbox name");
  if (!wire) return Fail(wire.error());
  return DecodeMailboxName(*wire, c.context());
}

Result<std::string> ParseListMailbox(Cursor& c) {
  std::string wire;
  if (c.Peek() == '"' || c.AtLiteral()) {
    auto s = c.String("mailbox pattern");
    if (!s) return Fail(s.error());
    wire = std::move(*s);
  } else {
    const std::string_view chars = c.TakeWhile(IsListChar);
    if (chars.empty()) return Cursor::Bad("expected mailbox pattern");
    wire = std::string(chars);
  }
  return Decode(wire, c.context());
}

Status ValidateMailboxName(std::string_view name, char separator) {
  auto bad = [](const char* text) { return Fail(ErrorCode::kInvalidArgument, text); };
  if (name.empty()) return bad("mailbox name is empty");
  if (name.size() > kMaxMailboxNameLength) return bad("mailbox name too long");
  if (!IsValidUtf8(name)) return bad("invalid UTF-8 mailbox name");
  for (char c : name) {
    if (IsCtl(static_cast<unsigned char>(c))) return bad("control character in mailbox name");
    if (c == '%' || c == '*') return bad("wildcard in mailbox name");
  }
  if (separator == '\0') return Ok();
  if (name.front() == separator) return bad("mailbox name starts with the hierarchy separator");
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = name.find(separator, start);
    const std::string_view part =
        name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    // A trailing separator is allowed: RFC 9051 6.3.4 CREATE "foo/" creates "foo".
    if (part.empty() && end != std::string_view::npos) {
      return bad("mailbox name has an empty component");
    }
    if (part == "." || part == "..") return bad("mailbox name has a . or .. component");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return Ok();
}

}  // namespace tern::imap::grammar
