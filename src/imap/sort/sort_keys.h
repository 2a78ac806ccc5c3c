#pragma once
// What SORT and THREAD read from a message (RFC 5256, RFC 5957): the sent date, the
// address keys and the Message IDs of References and In-Reply-To. Pure functions of
// header values; the session gets them from the cached ENVELOPE and the header.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/address.h"

namespace tern::imap::sort {

// The sent date of RFC 5256 2.2 as seconds since the epoch, UTC, from a Date: value:
// the date as SEARCH reads it (search::ParseSentDate), then "hh:mm[:ss]" and the zone
// ("+hhmm", "-hhmm", or an RFC 5322 4.3 obs-zone name). "If the time zone is invalid, the
// date and time SHOULD be treated as UTC. If the time is also invalid, the time SHOULD be
// treated as 00:00:00." nullopt when there is no valid date: the caller then uses the
// internal date, as the RFC says.
std::optional<int64_t> ParseSentTime(std::string_view date_value);

// RFC 5256 3 FROM/TO/CC: the addr-mailbox (local part) of the first address, or "".
// Group start and end markers are not addresses and are passed over, so that
// "undisclosed-recipients:;" sorts as an absent field rather than by the group's name.
std::string_view FirstMailbox(const std::vector<mail::Address>& addresses);

// RFC 5957 3: the DISPLAY sort value of the first address: its decoded display name if
// that is not empty, else "mailbox@host", else the mailbox, else "". Groups as above.
std::string DisplayValue(const std::vector<mail::Address>& addresses);

// References of one message beyond this many keep only the last ones: the last is the
// parent, the ones before are only hints (RFC 5256 3 step 1.A).
inline constexpr std::size_t kMaxReferences = 256;

// The msg-ids in a References: (all, up to the last `max`) or In-Reply-To: value, in
// order, normalised as RFC 5256 3 requires: the angle brackets, CFWS and the quoting of
// a quoted local part removed, so <"a.b"@c> and <a.b@c> are the same "a.b@c". A msg-id
// without "@" is not valid and skipped (RFC 5256 3: In-Reply-To often carries other
// text; an address in angle brackets is the one thing this cannot tell apart).
std::vector<std::string> ParseMessageIds(std::string_view value, std::size_t max);

}  // namespace tern::imap::sort
