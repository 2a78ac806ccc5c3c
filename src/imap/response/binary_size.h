#pragma once
// BINARY.SIZE[section] (RFC 3516 section 4.2, RFC 9051 section 6.4.5): the size of a
// part's content after its Content-Transfer-Encoding is removed. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

#include "mail/structure.h"

namespace tern::imap::response {

// Decoded size of the leaf `part` whose body octets as stored are `body` (the message
// bytes at [part.body_offset, part.body_offset + part.body_size)). Identity encodings
// (none, 7bit, 8bit, binary) return body.size() without reading it. Returns nullopt for an
// encoding the server cannot decode: RFC 3516 section 4.3 then wants the command to fail
// with [UNKNOWN-CTE]. Base64 and quoted-printable decode the body in memory: callers
// should cache the result (a store column) rather than call this on every FETCH.
std::optional<std::uint64_t> BinarySize(const mail::MessagePart& part, std::string_view body);

}  // namespace tern::imap::response
