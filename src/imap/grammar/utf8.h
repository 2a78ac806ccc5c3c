#pragma once
// UTF-8 well-formedness (RFC 3629 4): no overlongs, no surrogates, nothing above U+10FFFF.

#include <string_view>

namespace tern::imap::grammar {

bool IsValidUtf8(std::string_view s);

}  // namespace tern::imap::grammar
