#include "imap/grammar/date_time.h"

#include <array>
#include <cctype>
#include <string_view>

#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads exactly n digits.
bool Digits(std::string_view s, std::size_t& i, std::size_t n, int& out) {
  out = 0;
  for (std::size_t k = 0; k < n; ++k, ++i) {
    if (i >= s.size() || !IsDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "-" date-month "-" date-year, then checks the day.
bool MonthYear(std::string_view s, std::size_t& i, Date& d) {
  if (i >= s.size() || s[i] != '-') return false;
  ++i;
  if (s.size() - i < 3) return false;
  d.month = 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (EqualsIgnoreCase(s.substr(i, 3), kMonths[m])) d.month = static_cast<int>(m) + 1;
  }
  if (d.month == 0) return false;
  i += 3;
  if (i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!Digits(s, i, 4, d.year)) return false;
  return d.day >= 1 && d.day <= DaysIn(d.year, d.month);
}

tl::unexpected<Error> BadDate() { return Cursor::Bad("invalid date"); }

}  // namespace

Result<Date> ParseDate(Cursor& c) {
  const bool quoted = c.TryChar('"');
  const std::string_view s =
      c.TakeWhile([](unsigned char ch) { return std::isalnum(ch) || ch == '-'; });
  Date d;
  std::size_t i = 0;
  if (s.empty() || !IsDigit(s[0])) return BadDate();
  d.day = s[0] - '0';
  i = 1;
  if (i < s.size() && IsDigit(s[i])) d.day = d.day * 10 + (s[i++] - '0');
  if (!MonthYear(s, i, d) || i != s.size()) return BadDate();
  if (quoted && !c.TryChar('"')) return BadDate();
  return d;
}

Result<DateTime> ParseDateTime(Cursor& c) {
  auto bad = [] { return Cursor::Bad("invalid date-time"); };
  if (!c.TryChar('"')) return bad();
  // date-day-fixed: " 1" or "01"; some clients send "1-Jan-..." (one digit, no space),
  // which Dovecot and Cyrus accept, so accept it too.
  const std::string_view s = c.TakeWhile([](unsigned char ch) { return ch != '"'; });
  if (!c.TryChar('"')) return bad();
  DateTime dt;
  std::size_t i = 0;
  if (!s.empty() && s[0] == ' ') ++i;
  if (i >= s.size() || !IsDigit(s[i])) return bad();
  dt.date.day = s[i++] - '0';
  if (i < s.size() && IsDigit(s[i])) dt.date.day = dt.date.day * 10 + (s[i++] - '0');
  if (!MonthYear(s, i, dt.date)) return bad();
  if (i >= s.size() || s[i++] != ' ') return bad();
  if (!Digits(s, i, 2, dt.hour) || i >= s.size() || s[i++] != ':') return bad();
  if (!Digits(s, i, 2, dt.minute) || i >= s.size() || s[i++] != ':') return bad();
  if (!Digits(s, i, 2, dt.second)) return bad();
  if (i >= s.size() || s[i++] != ' ') return bad();
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return bad();
  const bool west = s[i++] == '-';
  int hh = 0;
  int mm = 0;
  if (!Digits(s, i, 2, hh) || !Digits(s, i, 2, mm) || i != s.size()) return bad();
  if (dt.hour > 23 || dt.minute > 59 || dt.second > 60 || mm > 59) return bad();
  dt.zone_minutes = (west ? -1 : 1) * (hh * 60 + mm);
  return dt;
}

}  // namespace tern::imap::grammar
