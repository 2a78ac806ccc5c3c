#pragma once
// The change feed: "mailbox M changed at modseq N", published after the change is
// durable. IDLE, multi-access updates, JMAP push and webmail refresh read from it.
// In-process for one daemon; the PostgreSQL backend will bridge LISTEN/NOTIFY into it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/types.h"

namespace tern::store {

// A change to an account's list of mailboxes, subscriptions or annotations, which no
// mailbox's modseq tells (IMAP NOTIFY's MailboxName, SubscriptionChange and
// *MetadataChange events, RFC 5465 5.4-5.7).
struct AccountEvent {
  enum class Kind { kMailboxCreated, kMailboxDeleted, kMailboxRenamed, kSubscriptionChanged,
                    kMetadataChanged };
  AccountId account = 0;
  Kind kind = Kind::kMailboxCreated;
  std::string mailbox;   // the (new) name; "" with kMetadataChanged: the server's entries
  std::string old_name;  // kMailboxRenamed: the name before (its children moved with it)
  std::vector<std::string> entries;  // kMetadataChanged: the entry names set or deleted
};

class ChangeFeed {
 public:
  // Called on the publishing thread: must be quick and must not block (post work to
  // your own executor). It must not call Subscribe/Unsubscribe.
  using Listener = std::function<void(MailboxId, ModSeq)>;
  // The same rules as Listener.
  using AccountListener = std::function<void(const AccountEvent&)>;

  // Unsubscribes when destroyed. Must not outlive the feed.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(ChangeFeed* feed, uint64_t id) : feed_(feed), id_(id) {}
    Subscription(Subscription&& o) noexcept : feed_(o.feed_), id_(o.id_) { o.feed_ = nullptr; }
    Subscription& operator=(Subscription&& o) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription() { Reset(); }
    void Reset();

   private:
    ChangeFeed* feed_ = nullptr;
    uint64_t id_ = 0;
  };

  // Listens to one mailbox. Thread-safe.
  [[nodiscard]] Subscription Subscribe(MailboxId mailbox, Listener listener);
  // Tells every listener of `mailbox`. Thread-safe.
  void Publish(MailboxId mailbox, ModSeq modseq);
  // Listens to the account events of one account. Thread-safe.
  [[nodiscard]] Subscription SubscribeAccount(AccountId account, AccountListener listener);
  // Tells every account listener of `event.account`, once the change is durable and
  // before its author hears back. Thread-safe.
  void PublishAccount(const AccountEvent& event);

 private:
  friend class Subscription;
  void Unsubscribe(uint64_t id);

  std::mutex mu_;
  uint64_t next_id_ = 1;
  std::multimap<MailboxId, std::pair<uint64_t, std::shared_ptr<Listener>>> listeners_;
  std::multimap<AccountId, std::pair<uint64_t, std::shared_ptr<AccountListener>>>
      account_listeners_;
};

}  // namespace tern::store
