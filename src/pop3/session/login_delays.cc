#include "pop3/session/login_delays.h"

namespace tern::pop3::session {

bool LoginDelays::Allowed(store::AccountId account, std::chrono::seconds delay) {
  if (delay.count() <= 0) return true;
  std::lock_guard lock(mu_);
  auto it = last_.find(account);
  return it == last_.end() || Clock::now() - it->second >= delay;
}

void LoginDelays::Record(store::AccountId account, std::chrono::seconds delay) {
  if (delay.count() <= 0) return;
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  last_[account] = now;
  // Bounded: entries older than the delay carry no information.
  if (last_.size() > 100000) {
    std::erase_if(last_, [&](const auto& e) { return now - e.second >= delay; });
  }
}

}  // namespace tern::pop3::session
