// METADATA (RFC 5464 4.2, 4.3, 5):
//   getmetadata  = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries
//   getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")"
//   maxsize-opt  = "MAXSIZE" SP number
//   scope-opt    = "DEPTH" SP ("0" / "1" / "infinity")
//   entries      = entry / "(" entry *(SP entry) ")"
//   entry        = astring
//   setmetadata  = "SETMETADATA" SP mailbox SP entry-values
//   entry-values = "(" entry-value *(SP entry-value) ")"
//   entry-value  = entry SP value
//   value        = nstring / literal8
// and UNAUTHENTICATE (RFC 8437 3), which takes no arguments.
//
// Client quirks accepted beyond the ABNF, all unambiguous:
// - options after the mailbox, as every example of RFC 5464 4.2.1 and 4.2.2 writes them
//   ("GETMETADATA "INBOX" (MAXSIZE 1024) (/shared/comment ...)"); an option list is told
//   from an entry list by its first octet (a tagged-ext-label starts with a letter, an
//   entry with "/", a quote or a literal);
// - several entries without parentheses, as in the examples of RFC 5464 4.4.1.

#include <algorithm>
#include <cctype>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/limits.h"
#include "imap/grammar/mailbox_name.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

bool StartsOptions(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// One GETMETADATA option list; MAXSIZE and DEPTH may each appear once.
Status ParseOptions(Cursor& c, GetMetadataCommand& cmd) {
  TERN_TRY(c.Open("GETMETADATA options"));
  bool depth_seen = false;
  do {
    if (c.TryWord("MAXSIZE")) {
      if (cmd.max_size) return Cursor::Bad("MAXSIZE given twice");
      TERN_TRY(c.Sp("MAXSIZE value"));
      auto n = c.Number("MAXSIZE value");
      if (!n) return Fail(n.error());
      cmd.max_size = *n;
    } else if (c.TryWord("DEPTH")) {
      if (depth_seen) return Cursor::Bad("DEPTH given twice");
      depth_seen = true;
      TERN_TRY(c.Sp("DEPTH value"));
      if (c.TryWord("0")) {
        cmd.depth = MetadataDepth::kZero;
      } else if (c.TryWord("1")) {
        cmd.depth = MetadataDepth::kOne;
      } else if (c.TryWord("infinity")) {
        cmd.depth = MetadataDepth::kInfinity;
      } else {
        return Cursor::Bad("DEPTH must be 0, 1 or infinity");
      }
    } else {
      return Cursor::Bad("unknown GETMETADATA option");
    }
  } while (c.TryChar(' '));
  return c.Close("GETMETADATA options");
}

Result<std::string> ParseEntry(Cursor& c, MetadataEntryUse use) {
  auto entry = c.AString("entry name");
  if (!entry) return Fail(entry.error());
  TERN_TRY(ValidateMetadataEntry(*entry, use));
  for (char& ch : *entry) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return entry;
}

Status AddEntry(std::vector<std::string>& entries, std::string entry) {
  if (entries.size() >= kMaxMetadataEntries) return Fail(ErrorCode::kLimit, "too many entries");
  entries.push_back(std::move(entry));
  return Ok();
}

bool HasPrefix(std::string_view entry, std::string_view scope) {
  return entry.size() >= scope.size() && EqualsIgnoreCase(entry.substr(0, scope.size()), scope) &&
         (entry.size() == scope.size() || entry[scope.size()] == '/');
}

}  // namespace

Status ValidateMetadataEntry(std::string_view entry, MetadataEntryUse use) {
  if (entry.size() > kMaxMetadataEntryLength) return Cursor::Bad("entry name too long");
  // RFC 5464 3.2: no "*" or "%", nothing non-ASCII, no octets 0x00-0x19 (control
  // characters are "strongly discouraged": DEL and 0x1a-0x1f are refused as well).
  for (char ch : entry) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || IsCtl(u)) return Cursor::Bad("invalid character in entry name");
    if (ch == '*' || ch == '%') return Cursor::Bad("wildcard in entry name");
  }
  if (entry.find("//") != std::string_view::npos) return Cursor::Bad("empty component in entry name");
  if (entry.ends_with('/')) return Cursor::Bad("entry name ends with /");
  // The first component is the scope; an entry has at least two components, vendor
  // entries at least four (/shared/vendor/<vendor-token>/...).
  const bool is_private = HasPrefix(entry, "/private");
  if (!is_private && !HasPrefix(entry, "/shared")) {
    return Cursor::Bad("entry name must start with /private or /shared");
  }
  const std::string_view rest = entry.substr(is_private ? 8 : 7);
  if (use == MetadataEntryUse::kSet) {
    if (rest.empty()) return Cursor::Bad("entry name needs a second component");
    if (HasPrefix(rest, "/vendor") && std::count(rest.begin(), rest.end(), '/') < 3) {
      return Cursor::Bad("vendor entry names need a vendor token and a name");
    }
  }
  return Ok();
}

Result<GetMetadataCommand> ParseGetMetadata(Cursor& c) {
  GetMetadataCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  bool options_seen = false;
  if (c.Peek() == '(') {
    TERN_TRY(ParseOptions(c, cmd));
    options_seen = true;
    TERN_TRY(c.Sp("mailbox name"));
  }
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  TERN_TRY(c.Sp("entry name"));
  const std::string_view after_paren = c.Peek() == '(' ? c.Text(c.pos() + 1, c.pos() + 2) : "";
  if (!options_seen && !after_paren.empty() && StartsOptions(after_paren[0])) {
    TERN_TRY(ParseOptions(c, cmd));
    TERN_TRY(c.Sp("entry name"));
  }
  if (c.Peek() == '(') {
    TERN_TRY(c.Open("entry list"));
    do {
      auto entry = ParseEntry(c, MetadataEntryUse::kGet);
      if (!entry) return Fail(entry.error());
      TERN_TRY(AddEntry(cmd.entries, std::move(*entry)));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("entry list"));
  } else {
    do {
      auto entry = ParseEntry(c, MetadataEntryUse::kGet);
      if (!entry) return Fail(entry.error());
      TERN_TRY(AddEntry(cmd.entries, std::move(*entry)));
    } while (c.TryChar(' '));
  }
  TERN_TRY(c.End("entry list"));
  return cmd;
}

Result<SetMetadataCommand> ParseSetMetadata(Cursor& c) {
  SetMetadataCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  TERN_TRY(c.Sp("entry list"));
  TERN_TRY(c.Open("entry list"));
  do {
    auto entry = ParseEntry(c, MetadataEntryUse::kSet);
    if (!entry) return Fail(entry.error());
    if (cmd.entries.size() >= kMaxMetadataEntries) {
      return Fail(ErrorCode::kLimit, "too many entries");
    }
    TERN_TRY(c.Sp("entry value"));
    std::optional<std::string> value;
    if (c.AtLiteral()) {
      // value = nstring / literal8: binary values (NUL included) come as literal8. The
      // reader streams only APPEND messages, so the data is always in the command.
      auto data = c.MessageLiteral(/*allow_binary=*/true);
      if (!data) return Fail(data.error());
      if (data->stream_handle) return Cursor::Bad("unexpected streamed literal");
      value = std::move(data->bytes);
    } else {
      auto s = c.NString("entry value");
      if (!s) return Fail(s.error());
      value = std::move(*s);
    }
    cmd.entries.push_back({std::move(*entry), std::move(value)});
  } while (c.TryChar(' '));
  TERN_TRY(c.Close("entry list"));
  TERN_TRY(c.End("entry list"));
  return cmd;
}

}  // namespace tern::imap::grammar
