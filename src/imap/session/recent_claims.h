#pragma once
// \Recent (RFC 3501 2.3.2): a message is recent in exactly one session, the first to
// select its mailbox read-write after it arrived. The claims are kept in memory for the
// daemon's life: after a restart nothing is recent until new mail comes (the flag is
// advisory and IMAP4rev2 dropped it, RFC 9051 appendix E). Thread-safe.

#include <mutex>
#include <unordered_map>

#include "store/types.h"

namespace tern::imap::session {

class RecentClaims {
 public:
  // Claims every UID below `uid_next` not claimed before, and returns the first UID
  // claimed: UIDs >= the result and < uid_next are recent to the caller. The first claim
  // of a mailbox claims nothing (returns uid_next).
  store::Uid Claim(store::MailboxId mailbox, store::Uid uid_next);
  // The first UID nobody has claimed yet (for STATUS RECENT), or `uid_next` if the mailbox
  // was never selected.
  store::Uid FirstUnclaimed(store::MailboxId mailbox, store::Uid uid_next) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<store::MailboxId, store::Uid> next_;
};

}  // namespace tern::imap::session
