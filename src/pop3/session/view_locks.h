#pragma once
// RFC 1939 section 8's exclusive-access lock on a maildrop, narrowed to what it protects:
// two POP3 sessions of the same view of the same mailbox would otherwise both hand out
// and delete the same messages. Sessions of other views, and IMAP or webmail users, are
// never locked out (a POP3 session works on its own numbered snapshot).
// In-process; a daemon sharing PostgreSQL with others will need the lock in the store.
// Thread-safe.

#include <cstdint>
#include <mutex>
#include <set>
#include <utility>

#include "store/types.h"

namespace tern::pop3::session {

class ViewLocks {
 public:
  class Lock {
   public:
    Lock() = default;
    Lock(ViewLocks* owner, std::pair<store::MailboxId, int> key) : owner_(owner), key_(key) {}
    Lock(Lock&& o) noexcept : owner_(o.owner_), key_(o.key_) { o.owner_ = nullptr; }
    Lock& operator=(Lock&& o) noexcept {
      Release();
      owner_ = o.owner_;
      key_ = o.key_;
      o.owner_ = nullptr;
      return *this;
    }
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;
    ~Lock() { Release(); }
    explicit operator bool() const { return owner_ != nullptr; }
    void Release();

   private:
    ViewLocks* owner_ = nullptr;
    std::pair<store::MailboxId, int> key_{};
  };

  // An empty Lock if another session holds this view of this mailbox.
  Lock TryAcquire(store::MailboxId mailbox, int view);

 private:
  std::mutex mu_;
  std::set<std::pair<store::MailboxId, int>> held_;
};

}  // namespace tern::pop3::session
