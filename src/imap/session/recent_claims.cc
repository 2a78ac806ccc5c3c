#include "imap/session/recent_claims.h"

#include <algorithm>

namespace tern::imap::session {

store::Uid RecentClaims::Claim(store::MailboxId mailbox, store::Uid uid_next) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = next_.try_emplace(mailbox, uid_next);
  if (inserted) return uid_next;
  const store::Uid first = it->second;
  it->second = std::max(it->second, uid_next);
  return first;
}

store::Uid RecentClaims::FirstUnclaimed(store::MailboxId mailbox, store::Uid uid_next) const {
  std::lock_guard lock(mu_);
  auto it = next_.find(mailbox);
  return it == next_.end() ? uid_next : it->second;
}

}  // namespace tern::imap::session
