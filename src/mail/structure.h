#pragma once
// The MIME tree of one message with byte offsets (RFC 2045/2046), as the MIME parser
// produces it and the store caches it: what BODYSTRUCTURE, BODY[section], partial
// fetches and search need without re-reading the message.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/envelope.h"
#include "mail/rfc2231.h"

namespace tern::mail {

// One MIME entity. All offsets are from the first byte of the whole message as fed.
// header_offset is where the part starts; the header runs to the end of the blank line
// that ends it (or to where the part ended if there was none), and the body follows:
// header_offset + header_size == body_offset. The body is the encoded octets as stored.
// RFC 2046 section 5.1.1: the line break before a boundary delimiter belongs to the
// delimiter, so it is in neither the part that precedes it nor its body.
struct MessagePart {
  std::uint64_t header_offset = 0;
  std::uint64_t header_size = 0;
  std::uint64_t body_offset = 0;
  std::uint64_t body_size = 0;
  // Number of line feeds in the body octets. RFC 3501 leaves a final line without a line
  // end unspecified; like Dovecot we count line terminators, so "abc" is 0 lines.
  std::uint64_t body_lines = 0;

  std::string type = "text";     // lower case; RFC 2045 section 5.2 default text/plain
  std::string subtype = "plain";  // lower case
  std::vector<Parameter> params;  // Content-Type parameters (default charset=us-ascii)
  bool has_content_type = false;  // false if the default was applied

  std::optional<std::string> content_id;   // Content-ID, comments removed
  std::optional<std::string> description;  // Content-Description, raw
  std::optional<std::string> encoding;     // Content-Transfer-Encoding, comments removed
  std::optional<std::string> md5;          // Content-MD5
  std::optional<std::string> disposition;  // Content-Disposition type, lower case
  std::vector<Parameter> disposition_params;
  std::vector<std::string> language;       // Content-Language tags
  std::optional<std::string> location;     // Content-Location (RFC 2557), unfolded

  // multipart/*: the body parts. message/rfc822 and message/global: exactly one child,
  // the encapsulated message's root part (its offsets in this message's coordinates).
  std::vector<MessagePart> children;
  // message/rfc822 and message/global: the encapsulated message's ENVELOPE.
  std::optional<Envelope> envelope;
  // True if this part would have had children but was kept opaque because of the
  // nesting or part-count limits (MimeParser), or a multipart had no usable boundary.
  bool opaque = false;

  bool IsMultipart() const noexcept { return type == "multipart"; }
  // message/rfc822 or message/global with a parsed encapsulated message.
  bool IsMessage() const noexcept;
  // Size of the whole part, header and body.
  std::uint64_t TotalSize() const noexcept { return header_size + body_size; }

  friend bool operator==(const MessagePart&, const MessagePart&) = default;
};

struct MessageStructure {
  MessagePart root;  // the whole message: header_offset 0
  Envelope envelope;  // of the top-level message
  std::uint64_t size = 0;  // octets fed
  // True if some limit (depth, part count, header size) cut the parse short somewhere;
  // the tree still covers every byte.
  bool limits_hit = false;

  friend bool operator==(const MessageStructure&, const MessageStructure&) = default;
};

// IMAP part numbering (RFC 3501 section 6.4.5): the numbered parts of a message are its
// root's children if the root is multipart, else the root itself as part 1. Subparts of
// a multipart are its children; subparts of a message/rfc822 part are the numbered parts
// of the encapsulated message.

// Finds the part with IMAP section number `section` ("1", "2.1.3"); "" is the root.
// Returns nullptr if there is no such part or the number is malformed. The pointer is
// valid while `structure` is not modified.
const MessagePart* FindPart(const MessageStructure& structure, std::string_view section);

struct NumberedPart {
  std::string number;  // "1", "1.2"
  const MessagePart* part;
};

// Every numbered part in depth-first order (a message/rfc822 part is followed by its
// encapsulated parts). Pointers valid while `structure` is not modified.
std::vector<NumberedPart> ListParts(const MessageStructure& structure);

}  // namespace tern::mail
