#pragma once
// The preview text of a message (RFC 8970 3.3): a plain-text glimpse of its first text
// part, for FETCH PREVIEW. No I/O.
//
// The text is that of the first text/plain or text/html leaf in document order that is
// not an attachment (Content-Disposition: attachment): transfer-decoded and converted to
// UTF-8 (DecodeBodyText); HTML loses its tags, comments, and the content of head, style
// and script elements, and its character references are decoded; then every run of
// white space or control characters becomes one space and the ends are trimmed. At most
// kPreviewCharacters characters (RFC 8970: SHOULD 200, MUST NOT exceed 256), cut at a
// character boundary. "" when the message has no such part or it holds no text, which
// RFC 8970 3.2 says is the answer for "no meaningful preview".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mail/structure.h"

namespace tern::mail {

inline constexpr std::size_t kPreviewCharacters = 200;
// Of a long part only this many leading octets are decoded: enough for the preview of
// any ordinary message (an HTML part's style sheet included), and a bound on the work.
inline constexpr std::size_t kPreviewScanOctets = std::size_t{64} << 10;

// `structure` describes `message` (the whole stored message); offsets beyond it are
// clamped. Always valid UTF-8.
std::string MakePreview(std::string_view message, const MessageStructure& structure);

// How many leading octets of the message MakePreview reads (the rest may be left out of
// `message`): up to the scanned stretch of the part it previews; 0 if there is none.
std::uint64_t PreviewOctets(const MessageStructure& structure);

}  // namespace tern::mail
