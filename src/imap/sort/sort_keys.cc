#include "imap/sort/sort_keys.h"

#include <chrono>
#include <deque>

#include "imap/search/sent_date.h"
#include "mail/ascii.h"
#include "mail/content_type.h"
#include "mail/encoded_word.h"

namespace tern::imap::sort {
namespace {

const mail::Address* FirstAddress(const std::vector<mail::Address>& addresses) {
  for (const auto& a : addresses) {
    if (!a.IsGroupStart() && !a.IsGroupEnd()) return &a;
  }
  return nullptr;
}

// Reads 1*2DIGIT at `pos` into `value`.
bool TwoDigits(std::string_view s, std::size_t& pos, int& value) {
  std::size_t n = 0;
  value = 0;
  while (pos < s.size() && n < 2 && mail::IsDigit(s[pos])) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  return n > 0;
}

// time-of-day = hour ":" minute [ ":" second ], the whole token; seconds of the day.
std::optional<int> TimeOfDay(std::string_view token) {
  std::size_t pos = 0;
  int h = 0, m = 0, sec = 0;
  if (!TwoDigits(token, pos, h) || pos >= token.size() || token[pos++] != ':' ||
      !TwoDigits(token, pos, m)) {
    return std::nullopt;
  }
  if (pos < token.size() && token[pos] == ':') {
    ++pos;
    if (!TwoDigits(token, pos, sec)) return std::nullopt;
  }
  if (pos != token.size() || h > 23 || m > 59 || sec > 60) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

// zone = ("+" / "-") 4DIGIT, or an obs-zone (RFC 5322 4.3); offset east of UTC in
// seconds. Military zones are "-0000" (unknown) by RFC 5322 4.3, so 0 like UT.
int ZoneOffset(std::string_view token) {
  if (token.size() == 5 && (token[0] == '+' || token[0] == '-')) {
    for (std::size_t i = 1; i < 5; ++i) {
      if (!mail::IsDigit(token[i])) return 0;
    }
    const int hh = (token[1] - '0') * 10 + (token[2] - '0');
    const int mm = (token[3] - '0') * 10 + (token[4] - '0');
    if (mm > 59) return 0;
    const int offset = hh * 3600 + mm * 60;
    return token[0] == '-' ? -offset : offset;
  }
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr Named kZones[] = {{"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
                                     {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  for (const auto& z : kZones) {
    if (mail::EqualsIgnoreCase(token, z.name)) return z.hours * 3600;
  }
  return 0;
}

}  // namespace

std::optional<int64_t> ParseSentTime(std::string_view date_value) {
  const auto date = search::ParseSentDate(date_value);
  if (!date) return std::nullopt;
  using namespace std::chrono;
  const sys_days day{year_month_day{year(date->year), month(static_cast<unsigned>(date->month)),
                                    std::chrono::day(static_cast<unsigned>(date->day))}};
  int64_t t = duration_cast<seconds>(day.time_since_epoch()).count();
  // The time is the first token with a colon; the zone is the token after it.
  const std::string s = mail::StripComments(date_value);
  std::size_t pos = 0;
  auto next_token = [&]() {
    while (pos < s.size() && (mail::IsLinearSpace(s[pos]) || s[pos] == ',')) ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && !mail::IsLinearSpace(s[pos]) && s[pos] != ',') ++pos;
    return std::string_view(s).substr(start, pos - start);
  };
  for (std::string_view token = next_token(); !token.empty(); token = next_token()) {
    if (token.find(':') == std::string_view::npos) continue;
    const auto time = TimeOfDay(token);
    if (!time) break;  // an invalid time counts as 00:00:00, and so does its zone
    t += *time - ZoneOffset(next_token());
    break;
  }
  return t;
}

std::string_view FirstMailbox(const std::vector<mail::Address>& addresses) {
  const mail::Address* a = FirstAddress(addresses);
  return a && a->mailbox ? std::string_view(*a->mailbox) : std::string_view();
}

std::string DisplayValue(const std::vector<mail::Address>& addresses) {
  const mail::Address* a = FirstAddress(addresses);
  if (!a) return {};
  if (a->name) {
    std::string name = mail::DecodeEncodedWords(*a->name);
    if (!name.empty()) return name;
  }
  if (a->mailbox && a->host && !a->host->empty()) return *a->mailbox + "@" + *a->host;
  return a->mailbox.value_or(std::string());
}

std::vector<std::string> ParseMessageIds(std::string_view value, std::size_t max) {
  std::deque<std::string> ids;
  std::size_t pos = 0;
  // Skips the comment (nested) or quoted string that starts at `pos`.
  auto skip = [&]() {
    const std::size_t start = pos;
    int depth = 0;
    for (; pos < value.size(); ++pos) {
      const char c = value[pos];
      if (c == '\\') {
        ++pos;
      } else if (value[start] == '"') {
        if (c == '"' && pos > start) break;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        break;
      }
    }
    ++pos;
  };
  while (max > 0 && pos < value.size()) {
    const char c = value[pos];
    if (c == '(' || c == '"') {  // text around msg-ids: comments, quoted phrases
      skip();
      continue;
    }
    ++pos;
    if (c != '<') continue;
    std::string id;
    bool closed = false;
    while (pos < value.size()) {
      const char d = value[pos];
      if (d == '>') {
        ++pos;
        closed = true;
        break;
      }
      if (d == '<') break;  // a stray "<": the msg-id starts again there
      if (d == '(') {
        skip();
      } else if (d == '"') {
        for (++pos; pos < value.size() && value[pos] != '"'; ++pos) {
          if (value[pos] == '\\' && pos + 1 < value.size()) ++pos;
          id.push_back(value[pos]);
        }
        ++pos;
      } else {
        if (!mail::IsLinearSpace(d)) id.push_back(d);
        ++pos;
      }
    }
    if (!closed || id.empty() || id.find('@') == std::string::npos) continue;
    ids.push_back(std::move(id));
    if (ids.size() > max) ids.pop_front();
  }
  return {std::make_move_iterator(ids.begin()), std::make_move_iterator(ids.end())};
}

}  // namespace tern::imap::sort
