#include "pop3/response/greeting.h"

#include <algorithm>

#include "pop3/response/text.h"

namespace tern::pop3::response {
namespace {

bool IsTimestampChar(char c) { return c >= 0x21 && c <= 0x7e && c != '<' && c != '>'; }

std::string Cleaned(std::string_view s, char replacement) {
  std::string out(s);
  for (char& c : out) {
    if (!IsTimestampChar(c) || c == '@') c = replacement;
  }
  return out;
}

}  // namespace

std::string ApopTimestamp(std::string_view unique, std::string_view hostname) {
  // Keep the whole within kMaxApopTimestampLength: 3 octets of "<@>".
  const std::size_t room = kMaxApopTimestampLength - 3;
  std::string host = Cleaned(hostname.substr(0, std::min(hostname.size(), room / 2)), '-');
  std::string id = Cleaned(unique.substr(0, std::min(unique.size(), room - host.size())), '.');
  if (id.empty()) id = "0";
  if (host.empty()) host = "localhost";
  return "<" + id + "@" + host + ">";
}

bool IsApopTimestamp(std::string_view ts) {
  if (ts.size() < 3 || ts.size() > kMaxApopTimestampLength) return false;
  if (ts.front() != '<' || ts.back() != '>') return false;
  const std::string_view inside = ts.substr(1, ts.size() - 2);
  if (std::count(inside.begin(), inside.end(), '@') != 1) return false;
  if (inside.front() == '@' || inside.back() == '@') return false;
  return std::all_of(inside.begin(), inside.end(), IsTimestampChar);
}

std::string Greeting(std::string_view banner, std::string_view apop_timestamp) {
  const bool apop = !apop_timestamp.empty() && IsApopTimestamp(apop_timestamp);
  std::string out = "+OK";
  const std::size_t tail = 2 + (apop ? apop_timestamp.size() + 1 : 0);
  if (!banner.empty()) {
    out += ' ';
    const std::size_t start = out.size();
    AppendSanitized(out, banner, kMaxResponseLineLength - tail - out.size(), false);
    for (std::size_t i = start; i < out.size(); ++i) {
      if (out[i] == '<') out[i] = '(';
      if (out[i] == '>') out[i] = ')';
    }
  }
  if (apop) {
    out += ' ';
    out += apop_timestamp;
  }
  out += "\r\n";
  return out;
}

}  // namespace tern::pop3::response
