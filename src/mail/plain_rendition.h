#pragma once
// The "RFC 822 format" rendition of a MIME message that POP3 login option `n` asks for
// (GroupWise's plain-text download for clients that cannot read MIME): the top-level
// header without its MIME fields, then the first text/plain part decoded to UTF-8. Other
// parts are dropped and a line says how many. No I/O.

#include <string>
#include <string_view>

#include "mail/structure.h"

namespace tern::mail {

// `raw` is the whole stored message (CRLF line endings) that `structure` describes.
// The result uses CRLF line endings and ends with CRLF.
std::string RenderPlainRfc822(std::string_view raw, const MessageStructure& structure);

}  // namespace tern::mail
