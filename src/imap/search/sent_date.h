#pragma once
// Calendar dates for the SEARCH date keys (RFC 9051 6.4.4): SENTBEFORE/SENTON/SENTSINCE
// compare the RFC 5322 Date: field and BEFORE/ON/SINCE the internal date, both
// "disregarding time and timezone".

#include <optional>
#include <string_view>

#include "imap/grammar/date_time.h"
#include "store/types.h"

namespace tern::imap::search {

// The calendar date written in an RFC 5322 section 3.3 Date: field value, in the
// sender's own zone (the time and zone are not read, as RFC 9051 says to disregard
// them):
//   date-time = [ day-of-week "," ] date time [CFWS]
//   date      = day month year
// Lenient as readers must be: comments anywhere, any case for the month, a full month
// name ("January"), the day name without its comma, "-" between the parts
// ("3-Jan-2024"). RFC 5322 section 4.3 obs-year: a two-digit year below 50 is 20xx, any
// other two- or three-digit year is 1900 + year. Returns nullopt if there is no valid
// date (unknown month, day not in the month, no year).
std::optional<grammar::Date> ParseSentDate(std::string_view value);

// The calendar date in UTC of `time` (the store keeps internal dates as Unix seconds
// without the zone they arrived in, so UTC is the one zone it can use). Clamped to the
// years 0000-9999 that a SEARCH date can name.
grammar::Date UtcDate(store::UnixTime time);

// -1, 0 or 1 as `a` is before, on or after `b`.
int CompareDates(const grammar::Date& a, const grammar::Date& b) noexcept;

}  // namespace tern::imap::search
