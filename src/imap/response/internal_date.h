#pragma once
// INTERNALDATE (RFC 9051 section 2.3.3 and section 9):
//   date-time      = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone
//                    DQUOTE
//   date-day-fixed = (SP DIGIT) / 2DIGIT   ; fixed-format version of date-day
//   zone           = ("+" / "-") 4DIGIT
// Pure; thread-safe.

#include <chrono>
#include <string>

namespace tern::imap::response {

// Appends `time` as a quoted date-time in the zone `utc_offset` east of UTC, e.g.
// "17-Jul-1996 02:44:25 -0700" (a day below 10 is space-padded: " 1-Jan-2024 ...").
// `utc_offset` is clamped to +-23:59; the year to 0000-9999 (date-year = 4DIGIT) by
// clamping `time` to that range after the offset is applied.
void AppendInternalDate(std::string& out, std::chrono::sys_seconds time,
                        std::chrono::minutes utc_offset = std::chrono::minutes(0));

}  // namespace tern::imap::response
