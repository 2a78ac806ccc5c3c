#include "pop3/session/view_locks.h"

namespace tern::pop3::session {

ViewLocks::Lock ViewLocks::TryAcquire(store::MailboxId mailbox, int view) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = held_.insert({mailbox, view});
  if (!inserted) return Lock();
  return Lock(this, *it);
}

void ViewLocks::Lock::Release() {
  if (owner_ == nullptr) return;
  std::lock_guard lock(owner_->mu_);
  owner_->held_.erase(key_);
  owner_ = nullptr;
}

}  // namespace tern::pop3::session
