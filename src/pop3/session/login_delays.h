#pragma once
// LOGIN-DELAY (RFC 2449 section 6.8): the time an account must wait between POP3 logins.
// Remembers each account's last login. In-process. Thread-safe.

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "store/types.h"

namespace tern::pop3::session {

class LoginDelays {
 public:
  using Clock = std::chrono::steady_clock;
  // True (and the login is recorded) if `account` last logged in at least `delay` ago.
  bool TryLogin(store::AccountId account, std::chrono::seconds delay);

 private:
  std::mutex mu_;
  std::unordered_map<store::AccountId, Clock::time_point> last_;
};

}  // namespace tern::pop3::session
