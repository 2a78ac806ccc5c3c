// SELECT and EXAMINE (RFC 9051 6.3.2, 6.3.3; RFC 4466 2.7):
//   select        = "SELECT" SP mailbox [select-params]
//   select-params = SP "(" select-param *(SP select-param) ")"
//   select-param  = select-param-name [SP select-param-value]
//   select-param-name  = tagged-ext-label
//   select-param-value = tagged-ext-val
//   tagged-ext-label   = tagged-label-fchar *tagged-label-char
//   tagged-ext-val     = tagged-ext-simple / "(" [tagged-ext-comp] ")"
//   tagged-ext-simple  = sequence-set / number / number64
//   tagged-ext-comp    = astring / tagged-ext-comp *(SP tagged-ext-comp) /
//                        "(" tagged-ext-comp ")"
// The grammar keeps parameter values as raw text: the parameters that exist (CONDSTORE,
// QRESYNC) are for the session to accept or refuse by name.

#include <cctype>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {
namespace {

// tagged-label-fchar = ALPHA / "-" / "_" / "."; tagged-label-char adds DIGIT and ":".
bool IsLabelChar(unsigned char ch) {
  return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':';
}

Status SkipComp(Cursor& c) {
  // tagged-ext-comp, possibly with nested parentheses.
  for (;;) {
    if (c.Peek() == '(') {
      TERN_TRY(c.Open("parameter value"));
      TERN_TRY(SkipComp(c));
      TERN_TRY(c.Close("parameter value"));
    } else {
      auto a = c.AString("parameter value");
      if (!a) return Fail(a.error());
    }
    if (c.Peek() != ' ') return Ok();
    c.TryChar(' ');
  }
}

}  // namespace

Result<ExtensionParam> ParseExtensionParam(Cursor& c) {
  ExtensionParam p;
  const std::string_view label = c.TakeWhile(IsLabelChar);
  if (label.empty() || std::isdigit(static_cast<unsigned char>(label[0])) || label[0] == ':') {
    return Cursor::Bad("invalid parameter name");
  }
  for (char ch : label) p.name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (c.Peek() != ' ') return p;
  const std::size_t save = c.pos();
  c.TryChar(' ');
  const std::size_t start = c.pos();
  if (c.Peek() == '(') {
    TERN_TRY(c.Open("parameter value"));
    if (c.Peek() != ')') TERN_TRY(SkipComp(c));
    TERN_TRY(c.Close("parameter value"));
  } else if (AtSequenceSet(c)) {
    auto set = ParseSequenceSet(c);
    if (!set) return Fail(set.error());
  } else {
    c.set_pos(save);  // the SP separates the next parameter
    return p;
  }
  p.value = std::string(c.Text(start, c.pos()));
  return p;
}

Result<SelectCommand> ParseSelect(Cursor& c, bool read_only) {
  SelectCommand cmd;
  cmd.read_only = read_only;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  if (c.TryChar(' ')) {
    TERN_TRY(c.Open("select parameters"));
    do {
      auto p = ParseExtensionParam(c);
      if (!p) return Fail(p.error());
      cmd.params.push_back(std::move(*p));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("select parameters"));
  }
  TERN_TRY(c.End("mailbox name"));
  return cmd;
}

}  // namespace tern::imap::grammar
