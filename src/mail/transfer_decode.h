#pragma once
// Content-Transfer-Encoding decoders (RFC 2045 section 6) and the decoded-text helper
// used by search: raw leaf body bytes in, UTF-8 text out. Lenient, as readers must be
// (RFC 2045 section 6.7 note (4), section 6.8): bad input never fails, it decodes to
// what can be recovered.

#include <string>
#include <string_view>

namespace tern::mail {

struct MessagePart;

enum class TransferEncoding { kIdentity, kBase64, kQuotedPrintable, kUnknown };

// Classifies a Content-Transfer-Encoding value; absent/empty, 7bit, 8bit and binary are
// kIdentity (RFC 2045 section 6.1).
TransferEncoding ClassifyTransferEncoding(std::string_view value) noexcept;

// RFC 2045 section 6.8 / RFC 4648 section 4: characters outside the alphabet (line ends,
// spaces, junk) are ignored; decoding stops at the first '='; a dangling 6-bit group is
// dropped.
std::string DecodeBase64(std::string_view encoded);

// RFC 2045 section 6.7: "=XX" (either case) is an octet, "=" at a line end is a soft
// break, whitespace before a line end is dropped (rule 3), a malformed "=" is kept
// literally. Line ends become CRLF or LF as in the input.
std::string DecodeQuotedPrintable(std::string_view encoded);

// RFC 2047 section 4.2 "Q": like quoted-printable but "_" is a space, no soft breaks.
std::string DecodeQEncoding(std::string_view encoded);

// Decodes `body` per `encoding`; kIdentity and kUnknown return the bytes unchanged.
std::string DecodeTransfer(TransferEncoding encoding, std::string_view body);

// Decoded text of a leaf part for search and previews: `raw_body` must be the part's
// body octets as stored (the message bytes at [body_offset, body_offset + body_size)).
// Undoes the transfer encoding, then converts from the part's charset parameter to
// UTF-8 (us-ascii if absent). Non-text parts are decoded the same way; the caller
// decides whether their text is worth indexing. Always valid UTF-8.
std::string DecodeBodyText(const MessagePart& part, std::string_view raw_body);

}  // namespace tern::mail
