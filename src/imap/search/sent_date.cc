#include "imap/search/sent_date.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <tuple>

#include "mail/ascii.h"
#include "mail/content_type.h"

namespace tern::imap::search {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

bool IsAlpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads the run of characters at `pos` that satisfy `pred`.
template <typename Pred>
std::string_view Take(std::string_view s, std::size_t& pos, Pred pred) {
  const std::size_t start = pos;
  while (pos < s.size() && pred(s[pos])) ++pos;
  return s.substr(start, pos - start);
}

// Skips folding white space and, where `extra` allows it, "," or "-". Returns whether
// anything was skipped.
bool SkipSeparators(std::string_view s, std::size_t& pos, std::string_view extra) {
  return !Take(s, pos, [extra](char c) {
            return mail::IsLinearSpace(c) || extra.find(c) != std::string_view::npos;
          }).empty();
}

// 1..12 for "Jan" or "January" in any case, else 0.
int MonthNumber(std::string_view word) {
  if (word.size() < 3) return 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const std::string_view name = kMonths[m];
    if (word.size() == 3 ? mail::StartsWithIgnoreCase(name, word)
                         : mail::EqualsIgnoreCase(name, word)) {
      return static_cast<int>(m) + 1;
    }
  }
  return 0;
}

int DigitsValue(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<grammar::Date> ParseSentDate(std::string_view value) {
  const std::string s = mail::StripComments(value);
  std::size_t pos = 0;
  SkipSeparators(s, pos, ",");
  // [ day-of-week "," ]: any word, the comma optional (seen without it in the wild).
  if (!Take(s, pos, IsAlpha).empty()) SkipSeparators(s, pos, ",");

  const std::string_view day = Take(s, pos, mail::IsDigit);
  if (day.empty() || day.size() > 2 || !SkipSeparators(s, pos, "-")) return std::nullopt;
  const int month = MonthNumber(Take(s, pos, IsAlpha));
  if (month == 0 || !SkipSeparators(s, pos, "-")) return std::nullopt;
  const std::string_view year_digits = Take(s, pos, mail::IsDigit);
  if (year_digits.size() < 2 || year_digits.size() > 4) return std::nullopt;

  int year = DigitsValue(year_digits);
  if (year_digits.size() == 2) {
    year += year < 50 ? 2000 : 1900;  // RFC 5322 section 4.3
  } else if (year_digits.size() == 3) {
    year += 1900;
  }
  grammar::Date date{year, month, DigitsValue(day)};
  const std::chrono::year_month_day ymd{std::chrono::year(date.year),
                                        std::chrono::month(static_cast<unsigned>(date.month)),
                                        std::chrono::day(static_cast<unsigned>(date.day))};
  if (!ymd.ok()) return std::nullopt;
  return date;
}

grammar::Date UtcDate(store::UnixTime time) {
  using namespace std::chrono;
  constexpr sys_seconds kFirst{sys_days{year{0} / January / 1}};
  constexpr sys_seconds kLast{sys_days{year{9999} / December / 31} + hours(23) + minutes(59) +
                              seconds(59)};
  const sys_seconds t = std::clamp(sys_seconds{seconds(time)}, kFirst, kLast);
  const year_month_day ymd{floor<days>(t)};
  return grammar::Date{static_cast<int>(ymd.year()),
                       static_cast<int>(static_cast<unsigned>(ymd.month())),
                       static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int CompareDates(const grammar::Date& a, const grammar::Date& b) noexcept {
  const auto ta = std::tie(a.year, a.month, a.day);
  const auto tb = std::tie(b.year, b.month, b.day);
  return ta < tb ? -1 : (tb < ta ? 1 : 0);
}

}  // namespace tern::imap::search
