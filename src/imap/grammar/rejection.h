#pragma once
// A refused command, as the session needs it to answer: tagged BAD/NO when the tag was
// read, untagged "* BAD" otherwise, BYE and close when the input cannot be resynchronised.

#include <string>

#include "base/result.h"

namespace tern::imap::grammar {

struct Rejection {
  // The command's tag when it was read and valid; empty means answer "* BAD".
  std::string tag;
  // Upper-case command name when it was read ("APPEND", "UID FETCH"), else empty. The
  // session uses it to add [TOOBIG] to an APPEND refused for size (RFC 7888 5, 4469).
  std::string command;
  // public_text is short, printable ASCII, safe after "tag BAD ". Classes:
  //   kInvalidArgument  syntax errors (BAD)
  //   kTooLarge         a size limit (line, literal, command): BAD, or NO [TOOBIG]
  //   kLimit            a count limit (literals, nesting, ranges, search keys): BAD
  Error error;
  // The reader could not resynchronise (an oversized non-synchronising literal above
  // Limits::max_discard_size is on its way): send "* BYE" and close.
  bool close_connection = false;
};

}  // namespace tern::imap::grammar
