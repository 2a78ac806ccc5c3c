#pragma once
// Modified UTF-7 mailbox names (RFC 3501 5.1.3; RFC 9051 5.1 keeps it for IMAP4rev1
// clients): printable US-ASCII except "&" stands for itself, "&-" is "&", and other
// characters are "&" + modified BASE64 ("," for "/", no padding) of UTF-16BE + "-".

#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::imap::grammar {

// Decodes a modified UTF-7 name to UTF-8. Fails (kInvalidArgument, "invalid modified
// UTF-7 mailbox name") on anything RFC 3501 5.1.3 does not allow: octets outside
// 0x20-0x7e, an unterminated "&" run, a base64 run that encodes printable US-ASCII
// (which "MUST" be represented as itself), adjacent encoded runs ("&AGE-&AGI-"), bits
// left over after the last UTF-16 unit, non-zero padding bits, or unpaired surrogates.
Result<std::string> DecodeModifiedUtf7(std::string_view in);

// Encodes a UTF-8 name as modified UTF-7. Fails on invalid UTF-8.
Result<std::string> EncodeModifiedUtf7(std::string_view utf8);

}  // namespace tern::imap::grammar
