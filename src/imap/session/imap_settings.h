#pragma once
// The IMAP service's settings, from the configuration at start and on every reload
// (SIGHUP). A session keeps the snapshot it started with.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "net/tls_context.h"

namespace tern::imap::session {

struct ImapSettings {
  std::string hostname = "localhost";
  std::string banner;            // replaces the greeting text when set
  bool publish_version = false;  // product and version in the greeting and ID
  int plaintext_min_cipher = 0;  // > 0: plain-text passwords only over TLS this strong
  std::chrono::seconds idle_timeout{1800};
  int max_bad_commands = 20;
  uint32_t read_limit = 0;               // > 0: SELECT shows only the newest N messages
  uint64_t max_message_size = 50 << 20;  // APPEND
  std::string alert;                     // sent as [ALERT] after every login when set
  std::string login_referral;            // RFC 2221: an IMAP URL for accounts not here
  // METADATA (RFC 5464): the bounds of what an account stores, and /shared/admin.
  uint64_t metadata_max_size = 65536;
  uint32_t metadata_max_entries = 100;
  std::string admin_contact;
  // RFC 9585 INPROGRESS: how often a long command reports progress (zero: never).
  std::chrono::milliseconds progress_interval{10000};
  std::shared_ptr<net::TlsContext> tls;  // null: no STARTTLS, no IMAPS
};

}  // namespace tern::imap::session
