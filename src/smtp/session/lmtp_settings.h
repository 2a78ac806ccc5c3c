#pragma once
// The LMTP service's settings, taken from the configuration at start and on every
// reload (SIGHUP). A session reads one snapshot when it starts.

#include <chrono>
#include <cstdint>
#include <string>

namespace tern::smtp::session {

struct LmtpSettings {
  std::string hostname = "localhost";
  std::string banner;  // replaces the greeting text when set
  int64_t max_message_size = 50 << 20;
  int max_recipients = 100;
  std::chrono::seconds idle_timeout{300};
  int max_bad_commands = 20;  // then the session is closed
};

}  // namespace tern::smtp::session
