#include "pop3/session/login_delays.h"

namespace tern::pop3::session {

bool LoginDelays::TryLogin(store::AccountId account, std::chrono::seconds delay) {
  if (delay.count() <= 0) return true;
  auto now = Clock::now();
  std::lock_guard lock(mu_);
  auto [it, inserted] = last_.try_emplace(account, now);
  if (!inserted) {
    if (now - it->second < delay) return false;
    it->second = now;
  }
  // Bounded: entries older than the delay carry no information.
  if (last_.size() > 100000) {
    std::erase_if(last_, [&](const auto& e) { return now - e.second >= delay; });
  }
  return true;
}

}  // namespace tern::pop3::session
