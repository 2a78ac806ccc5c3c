#pragma once
// STAT, LIST and UIDL lines (RFC 1939 5, 7). Each function returns one complete line
// with its CRLF. The multi-line forms ("1 120") go inside a multi-line response, which
// the session ends with mail::kDotStuffedEnd: a listing line starts with a digit, so it never
// needs dot-stuffing. Pure, thread-safe.
//
// RFC 1939 5 STAT: "drop listing ... a single space, the number of messages in the
//   maildrop, a single space, and the size of the maildrop in octets" -> "+OK 2 320"
// LIST: "scan listing ... the message-number of the message, followed by a single space
//   and the exact size of the message in octets" -> "1 120"
// RFC 1939 7 UIDL: "unique-id listing ... the message-number of the message, followed by
//   a single space and the unique-id of the message" -> "1 whqtswO00WBw418f9t5JxYwZ"

#include <cstdint>
#include <string>
#include <string_view>

namespace tern::pop3::response {

// RFC 1939 7: "The unique-id of a message is an arbitrary server-determined string,
// consisting of one to 70 characters in the range 0x21 to 0x7E".
inline constexpr std::size_t kMaxUniqueIdLength = 70;

bool IsValidUniqueId(std::string_view unique_id);

// "+OK count octets\r\n".
std::string DropListing(std::uint64_t count, std::uint64_t octets);

// "msg size\r\n" (a line of LIST's multi-line response).
std::string ScanListing(std::uint32_t msg, std::uint64_t size);
// "+OK msg size\r\n" (LIST msg).
std::string ScanListingOk(std::uint32_t msg, std::uint64_t size);

// "msg unique-id\r\n" (a line of UIDL's multi-line response) and "+OK msg unique-id\r\n"
// (UIDL msg). Precondition: IsValidUniqueId(unique_id). Defensively, octets outside
// 0x21..0x7E become '?' and the id is cut to kMaxUniqueIdLength, so a bad id can never
// break the line; an empty one is sent as "?".
std::string UniqueIdListing(std::uint32_t msg, std::string_view unique_id);
std::string UniqueIdListingOk(std::uint32_t msg, std::string_view unique_id);

}  // namespace tern::pop3::response
