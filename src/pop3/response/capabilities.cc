#include "pop3/response/capabilities.h"

#include <fmt/format.h>

#include <algorithm>

#include "mail/dot_stuffing.h"
#include "pop3/response/text.h"

namespace tern::pop3::response {
namespace {

bool IsMechanismName(const std::string& s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::string CapaResponse(const Capabilities& caps) {
  std::string out = "+OK Capability list follows\r\n";
  if (caps.top) out += "TOP\r\n";
  if (caps.uidl) out += "UIDL\r\n";
  if (caps.user) out += "USER\r\n";
  std::string sasl = "SASL";
  for (const std::string& m : caps.sasl) {
    // Keep each line within RFC 2449's 512 octets; 20-octet names leave room for ~23.
    if (IsMechanismName(m) && sasl.size() + 1 + m.size() + 2 <= kMaxResponseLineLength) {
      sasl += ' ';
      sasl += m;
    }
  }
  if (sasl.size() > 4) out += sasl + "\r\n";
  if (caps.stls) out += "STLS\r\n";
  if (caps.resp_codes) out += "RESP-CODES\r\n";
  if (caps.auth_resp_code) out += "AUTH-RESP-CODE\r\n";
  if (caps.pipelining) out += "PIPELINING\r\n";
  if (caps.expire) {
    out += "EXPIRE ";
    out += caps.expire->days ? fmt::format("{}", *caps.expire->days) : "NEVER";
    if (caps.expire->per_user) out += " USER";
    out += "\r\n";
  }
  if (caps.login_delay) {
    out += fmt::format("LOGIN-DELAY {}{}\r\n", *caps.login_delay,
                       caps.login_delay_per_user ? " USER" : "");
  }
  if (caps.utf8) out += caps.utf8_user ? "UTF8 USER\r\n" : "UTF8\r\n";
  if (caps.lang) out += "LANG\r\n";
  if (caps.implementation && !caps.implementation->empty()) {
    std::string_view tag = "IMPLEMENTATION ";
    out += tag;
    AppendSanitized(out, *caps.implementation, kMaxResponseLineLength - 2 - tag.size(), true);
    out += "\r\n";
  }
  out += mail::kDotStuffedEnd;
  return out;
}

}  // namespace tern::pop3::response
