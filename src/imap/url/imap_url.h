#pragma once
// IMAP URLs (RFC 5092) as CATENATE uses them (RFC 4469 3): a reference to one message or
// message part on this server, as seen by the session that sends it. Only the
// absolute-path form is accepted,
//   iabsolute-path = "/" imessagepart
//   imessagepart   = imailbox-ref iuid [isection] [ipartial]
//   imailbox-ref   = enc-mailbox [";UIDVALIDITY=" nz-number]
//   iuid           = "/;UID=" nz-number
//   isection       = "/;SECTION=" enc-section
//   ipartial       = "/;PARTIAL=" number ["." nz-number]
// e.g. "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME". Parameter names are
// case-insensitive (RFC 5092 11); enc-mailbox and enc-section are percent-encoded
// (1*bchar), the mailbox as UTF-8 (RFC 5092 8).
//
// Refused, with kInvalidArgument: absolute URLs ("imap://...") and network paths ("//"),
// which name a server and user (RFC 4469 3 leaves them out of scope: "a server
// implementing only this specification would return NO"); relative paths (RFC 5092 7.2:
// "MUST NOT ... accept"); message lists and searches; URLAUTH (RFC 4467, not offered).
//
// Pure: no I/O, no state. Untrusted input: fuzzed (tests/fuzz/imap_url_fuzz.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "imap/grammar/fetch.h"

namespace tern::imap::url {

// Longer URLs are refused: a real one names a mailbox (at most kMaxMailboxNameLength
// octets, three times that percent-encoded) and a short section.
inline constexpr std::size_t kMaxUrlLength = 8192;

// ";PARTIAL=offset[.length]": without a length, to the end (RFC 5092 6).
struct UrlPartial {
  std::uint32_t offset = 0;
  std::optional<std::uint32_t> length;  // > 0 when set
  bool operator==(const UrlPartial&) const = default;
};

struct MessagePartUrl {
  std::string mailbox;                     // UTF-8, "INBOX" in any case normalised
  std::optional<std::uint32_t> uid_validity;
  std::uint32_t uid = 0;                   // > 0
  grammar::Section section;                // empty: the whole message (BODY[])
  std::optional<UrlPartial> partial;
  bool operator==(const MessagePartUrl&) const = default;
};

// Parses `url`. Errors are kInvalidArgument with a short public text.
Result<MessagePartUrl> ParseMessagePartUrl(std::string_view url);

}  // namespace tern::imap::url
