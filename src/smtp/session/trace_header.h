#pragma once
// The trace fields a final-delivery server adds (RFC 5321 4.4): Return-Path with the
// envelope sender, and a Received line saying who handed the message over, when and how.

#include <string>

namespace tern::smtp::session {

struct TraceInfo {
  std::string return_path;     // envelope sender, "" for the null path
  std::string client_name;     // from HELO/EHLO/LHLO
  std::string client_address;  // "ip:port"
  std::string server_name;
  std::string protocol;   // "LMTP", "ESMTP", "ESMTPSA", ... (RFC 3848)
  std::string recipient;  // named in "for <...>" when there is exactly one
};

// "Return-Path: <...>\r\nReceived: from ... ; <date>\r\n"
std::string TraceHeaders(const TraceInfo& info);

}  // namespace tern::smtp::session
