#include "smtp/session/trace_header.h"

#include <fmt/format.h>

#include <ctime>

namespace tern::smtp::session {

namespace {

// RFC 5322 3.3 date-time in UTC, e.g. "Mon, 23 Nov 2026 19:01:58 +0000".
std::string Rfc5322Now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string AddressOnly(const std::string& ip_port) {
  size_t colon = ip_port.rfind(':');
  return colon == std::string::npos ? ip_port : ip_port.substr(0, colon);
}

}  // namespace

std::string TraceHeaders(const TraceInfo& info) {
  std::string out = fmt::format("Return-Path: <{}>\r\n", info.return_path);
  out += fmt::format("Received: from {} ([{}])\r\n\tby {} with {}", info.client_name,
                     AddressOnly(info.client_address), info.server_name, info.protocol);
  if (!info.recipient.empty()) out += fmt::format("\r\n\tfor <{}>", info.recipient);
  out += fmt::format("; {}\r\n", Rfc5322Now());
  return out;
}

}  // namespace tern::smtp::session
