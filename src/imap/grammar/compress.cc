// COMPRESS (RFC 4978 3, 5):
//   compress  = "COMPRESS" SP algorithm
//   algorithm = "DEFLATE"
// RFC 4978 3 answers an unknown algorithm with BAD, which a parse failure gives.

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {

Result<CompressCommand> ParseCompress(Cursor& c) {
  TERN_TRY(c.Sp("compression algorithm"));
  if (!c.TryWord("DEFLATE")) return Cursor::Bad("unknown compression algorithm");
  TERN_TRY(c.End("compression algorithm"));
  return CompressCommand{"DEFLATE"};
}

}  // namespace tern::imap::grammar
