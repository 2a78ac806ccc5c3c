#pragma once
// The POP3 service's settings, from the configuration at start and on every reload
// (SIGHUP). A session keeps the snapshot it started with.

#include <chrono>
#include <memory>
#include <string>

#include "auth/secret_box.h"
#include "net/tls_context.h"

namespace tern::pop3::session {

struct Pop3Settings {
  std::string hostname = "localhost";
  std::string banner;            // replaces the greeting text when set
  bool publish_version = false;  // product and version in the greeting and IMPLEMENTATION
  int plaintext_min_cipher = 0;  // > 0: plain-text passwords only over TLS this strong
  std::chrono::seconds idle_timeout{1800};
  char login_separator = ':';
  // Non-null iff APOP is enabled: unseals the passwords stored for it.
  std::shared_ptr<const auth::SecretBox> apop;
  int login_delay = 0;  // seconds; advertised as LOGIN-DELAY and enforced
  int max_bad_commands = 20;
  std::string trash_mailbox = "Trash";
  std::shared_ptr<net::TlsContext> tls;  // null: no STLS, no POP3S
};

}  // namespace tern::pop3::session
