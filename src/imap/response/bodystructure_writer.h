#pragma once
// The BODY and BODYSTRUCTURE fetch items (RFC 9051 section 7.5.2 and section 9, RFC 3501
// section 7.4.2) from the MIME tree the parser stored at delivery. Pure; thread-safe.
//
// Choices the RFC leaves open, and why:
// - Case. Media types, subtypes, parameter names, transfer encodings and disposition
//   types are case-insensitive (RFC 2045 section 5.1, RFC 2183 section 2); mail::MessagePart
//   keeps them in lower case, so the original spelling is gone anyway. They are sent in
//   upper case ("TEXT" "PLAIN" ("CHARSET" "utf-8") ... "BASE64"), as in the RFC's own
//   examples and its ABNF literals (media-text is DQUOTE "TEXT" DQUOTE): a naive client
//   that compares the grammar's spelling exactly still works. Values (charset, boundary,
//   filename, Content-ID, ...) are sent as written.
// - Defaults. No Content-Transfer-Encoding (or an empty one) is "7BIT" (body-fld-enc:
//   "Defaults to 7BIT (as per RFC 2045)"). A text/* part without a charset parameter gets
//   "CHARSET" "us-ascii" appended to its parameters (RFC 2045 section 5.2, RFC 2046
//   section 4.1.2: the default charset of every text subtype), so clients need not know
//   the default. An empty parameter list is NIL.
// - RFC 2231 parameters (mail::Parameter). Continuations are joined. A parameter that used
//   the extended "*=" form is sent decoded, "NAME" "value", when the value can be quoted
//   in `mode` and has no language tag; otherwise as one extended parameter "NAME*"
//   "utf-8'lang'%XX..." re-encoded from the decoded value: 7-bit, lossless, and read by
//   any client that implements RFC 2231 for its own Content-Type parsing (the original
//   charset was already converted to UTF-8 by the parser). So a UTF-8 client gets UTF-8
//   and an IMAP4rev1 client gets no 8-bit octets. Plain values (including RFC 2047 words
//   some senders put there against RFC 2047 section 5) are sent as written.
// - message/rfc822 and message/global that were not parsed (transfer-encoded against RFC
//   2046 section 5.2.1, or kept opaque by the parser's limits) have no envelope or nested
//   body to send, and body-type-basic says "MESSAGE subtype MUST NOT be RFC822 or GLOBAL".
//   Such a part is sent as "APPLICATION" "OCTET-STREAM" with its own fields: a client can
//   still fetch and save its bytes, and has no nested part numbers to ask for, which
//   matches mail::FindPart.
// - A multipart with no body parts (no boundary parameter, no delimiter found, or kept
//   opaque by the parser's limits) cannot be sent as such: body-type-mpart = 1*body, and a
//   multipart is not a media-basic type. It is sent with one empty text part,
//   ("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 0 0), followed by its real
//   subtype and extension data. That part has no number (mail::FindPart finds no part 1
//   of it), so a fetch of it returns nothing, which is what it holds.
// - Line counts (body-fld-lines) are MessagePart::body_lines: the line feeds in the body
//   octets. The line break before a boundary delimiter is the delimiter's (RFC 2046
//   section 5.1.1), so a part "a\r\nb\r\n--boundary" has 1 line, as Dovecot counts.
// The writers recurse once per nesting level, bounded by mail::kMaxMimeDepth.

#include <string>

#include "imap/response/strings.h"
#include "mail/structure.h"

namespace tern::imap::response {

// Appends BODYSTRUCTURE data for `part` (usually MessageStructure::root): the
// parenthesised body with extension data (body-ext-1part: md5, disposition, language,
// location; body-ext-mpart: parameters, disposition, language, location), always all
// four, NIL where absent. Nested bodies of message/rfc822 parts are BODYSTRUCTUREs too.
void AppendBodyStructure(std::string& out, const mail::MessagePart& part, TextMode mode);

// Appends the non-extensible BODY form: the same without any extension data ("MUST NOT
// be returned on non-extensible BODY fetch"), at every nesting level.
void AppendBody(std::string& out, const mail::MessagePart& part, TextMode mode);

}  // namespace tern::imap::response
