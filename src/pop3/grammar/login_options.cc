#include "pop3/grammar/login_options.h"

#include <fmt/format.h>

#include "pop3/grammar/syntax.h"

namespace tern::pop3::grammar {
namespace {

tl::unexpected<Error> Bad(std::string text) {
  return Fail(ErrorCode::kInvalidArgument, std::move(text));
}

// The option letter as the error text shows it: printable, or '?'.
char Shown(char c) { return (c >= 0x20 && c <= 0x7e) ? c : '?'; }

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Parses "=N" at s[pos] for option `letter`; advances pos past the digits.
Result<int> NumericValue(std::string_view s, std::size_t& pos, char letter, int max) {
  const std::string range = fmt::format("login option '{}' must be {}=1..{}", letter, letter, max);
  if (pos >= s.size() || s[pos] != '=') return Bad(range);
  ++pos;
  const std::size_t start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  auto value = ParseDecimal(s.substr(start, pos - start), static_cast<std::uint32_t>(max));
  if (!value || *value == 0) return Bad(range);
  return static_cast<int>(*value);
}

}  // namespace

bool IsValidLoginSeparator(char separator) {
  return separator >= 0x21 && separator <= 0x7e && !IsAlpha(separator) && !IsDigit(separator);
}

Result<LoginOptions> ParseLoginOptions(std::string_view s) {
  if (s.empty()) return Bad("missing login options");
  LoginOptions options;
  bool seen[26] = {};
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char raw = s[pos];
    const char letter = ToLower(raw);
    if (!IsAlpha(letter)) return Bad(fmt::format("invalid login option '{}'", Shown(raw)));
    bool& was_seen = seen[letter - 'a'];
    const bool duplicate = was_seen;
    was_seen = true;
    ++pos;
    switch (letter) {
      case 'v': {
        auto v = NumericValue(s, pos, letter, kMaxView);
        if (!v) return Fail(std::move(v).error());
        options.view = *v;
        break;
      }
      case 't': {
        auto v = NumericValue(s, pos, letter, kMaxDays);
        if (!v) return Fail(std::move(v).error());
        options.days = *v;
        break;
      }
      case 'l': {
        auto v = NumericValue(s, pos, letter, kMaxMessagesPerSession);
        if (!v) return Fail(std::move(v).error());
        options.limit = *v;
        break;
      }
      case 'd':
        options.delete_after = true;
        break;
      case 'p':
        options.purge_after = true;
        break;
      case 's':
        options.artificial_size = true;
        break;
      case 'n':
      case 'm':
        if (!duplicate && (letter == 'n' ? options.mime : options.plain)) {
          return Bad("login options 'n' and 'm' exclude each other");
        }
        (letter == 'n' ? options.plain : options.mime) = true;
        break;
      default:
        return Bad(fmt::format("invalid login option '{}'", raw));
    }
    if (duplicate) return Bad(fmt::format("login option '{}' given twice", letter));
  }
  return options;
}

Result<LoginName> SplitLoginOptions(std::string_view login, char separator) {
  if (!IsValidLoginSeparator(separator)) return Bad("invalid login separator");
  const std::size_t at = login.find(separator);
  if (login.empty() || at == 0) return Bad("empty user name");
  if (at == std::string_view::npos) return LoginName{std::string(login), {}};
  const std::string_view text = login.substr(at + 1);
  if (text.empty()) return Bad(fmt::format("missing login options after '{}'", separator));
  auto options = ParseLoginOptions(text);
  if (!options) return Fail(std::move(options).error());
  return LoginName{std::string(login.substr(0, at)), *options};
}

std::string FormatLoginOptions(const LoginOptions& o) {
  std::string out;
  if (o.view) out += fmt::format("v={}", *o.view);
  if (o.delete_after) out += 'd';
  if (o.purge_after) out += 'p';
  if (o.days) out += fmt::format("t={}", *o.days);
  if (o.plain) out += 'n';
  if (o.mime) out += 'm';
  if (o.artificial_size) out += 's';
  if (o.limit) out += fmt::format("l={}", *o.limit);
  return out;
}

LoginOptions Merge(const LoginOptions& defaults, const LoginOptions& given) {
  LoginOptions out;
  out.view = given.view ? given.view : defaults.view;
  out.delete_after = defaults.delete_after || given.delete_after;
  out.purge_after = defaults.purge_after || given.purge_after;
  out.days = given.days ? given.days : defaults.days;
  // n and m are one choice (the format): whichever the user gave replaces the default.
  const bool format_given = given.plain || given.mime;
  out.plain = format_given ? given.plain : defaults.plain;
  out.mime = format_given ? given.mime : defaults.mime;
  out.artificial_size = defaults.artificial_size || given.artificial_size;
  out.limit = given.limit ? given.limit : defaults.limit;
  return out;
}

}  // namespace tern::pop3::grammar
