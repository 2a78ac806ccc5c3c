// ID (RFC 2971 4):
//   id             = "ID" SPACE id_params_list
//   id_params_list = "(" #(string SPACE nstring) ")" / nil
// RFC 2971 3.3: at most 30 pairs, fields up to 30 octets, values up to 1024.

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {

Result<IdCommand> ParseId(Cursor& c) {
  IdCommand cmd;
  TERN_TRY(c.Sp("ID parameters"));
  if (c.TryWord("NIL")) {
    TERN_TRY(c.End("NIL"));
    return cmd;
  }
  TERN_TRY(c.Open("ID parameters"));
  std::vector<IdCommand::Field> fields;
  // Client quirk: "ID ()" is sent by some clients for "nothing to say"; accepted as NIL
  // would be, with an empty list.
  while (c.Peek() != ')') {
    if (!fields.empty()) TERN_TRY(c.Sp("ID field"));
    auto field = c.String("ID field");
    if (!field) return Fail(field.error());
    TERN_TRY(c.Sp("ID value"));
    auto value = c.NString("ID value");
    if (!value) return Fail(value.error());
    if (field->size() > kMaxIdFieldLength) return Cursor::Bad("ID field too long");
    if (*value && (*value)->size() > kMaxIdValueLength) return Cursor::Bad("ID value too long");
    if (fields.size() >= kMaxIdPairs) return Fail(ErrorCode::kLimit, "too many ID fields");
    fields.emplace_back(std::move(*field), std::move(*value));
  }
  TERN_TRY(c.Close("ID parameters"));
  TERN_TRY(c.End("ID parameters"));
  cmd.fields = std::move(fields);
  return cmd;
}

}  // namespace tern::imap::grammar
