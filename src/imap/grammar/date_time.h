#pragma once
// Dates of SEARCH and APPEND (RFC 9051 9):
//   date       = date-text / DQUOTE date-text DQUOTE
//   date-text  = date-day "-" date-month "-" date-year       ; date-day = 1*2DIGIT
//   date-time  = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
//   date-day-fixed = (SP DIGIT) / 2DIGIT; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
//   zone       = ("+" / "-") 4DIGIT
// Month names are case-insensitive ("Jan" .. "Dec").

#include "base/result.h"
#include "imap/grammar/cursor.h"

namespace tern::imap::grammar {

struct Date {
  int year = 0;   // four digits as sent
  int month = 0;  // 1..12
  int day = 0;    // 1..31, checked against the month (and leap years)
  bool operator==(const Date&) const = default;
};

struct DateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;        // 0..60 (a leap second is allowed)
  int zone_minutes = 0;  // east of UTC: "+0130" is 90, "-0800" is -480
  bool operator==(const DateTime&) const = default;
};

// Fails with "invalid date" / "invalid date-time".
Result<Date> ParseDate(Cursor& cursor);
Result<DateTime> ParseDateTime(Cursor& cursor);

}  // namespace tern::imap::grammar
