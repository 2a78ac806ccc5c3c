#pragma once
// LOGIN-DELAY (RFC 2449 section 6.8): the time an account must wait between POP3 logins.
// Remembers each account's last successful login. In-process. Thread-safe.

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "store/types.h"

namespace tern::pop3::session {

class LoginDelays {
 public:
  using Clock = std::chrono::steady_clock;
  // True if `account` has not logged in within the last `delay`.
  bool Allowed(store::AccountId account, std::chrono::seconds delay);
  // Records a login that reached the TRANSACTION state; a refused one ([IN-USE],
  // [SYS/TEMP]) is not recorded, so it does not make the account wait.
  void Record(store::AccountId account, std::chrono::seconds delay);

 private:
  std::mutex mu_;
  std::unordered_map<store::AccountId, Clock::time_point> last_;
};

}  // namespace tern::pop3::session
