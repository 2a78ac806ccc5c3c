#include "store/change_feed.h"

#include <utility>

namespace tern::store {

ChangeFeed::Subscription& ChangeFeed::Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    Reset();
    feed_ = o.feed_;
    id_ = o.id_;
    o.feed_ = nullptr;
  }
  return *this;
}

void ChangeFeed::Subscription::Reset() {
  if (feed_ != nullptr) feed_->Unsubscribe(id_);
  feed_ = nullptr;
}

ChangeFeed::Subscription ChangeFeed::Subscribe(MailboxId mailbox, Listener listener) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  listeners_.emplace(mailbox, std::make_pair(id, std::make_shared<Listener>(std::move(listener))));
  return Subscription(this, id);
}

// Listeners run under the lock on purpose: once Unsubscribe (a Subscription's Reset or
// destructor) returns, its listener is not running and will not run again, so a
// listener may capture objects that die right after they unsubscribe. That is why
// listeners must be quick and must not call Subscribe/Unsubscribe.
void ChangeFeed::Publish(MailboxId mailbox, ModSeq modseq) {
  std::lock_guard lock(mu_);
  auto [begin, end] = listeners_.equal_range(mailbox);
  for (auto it = begin; it != end; ++it) (*it->second.second)(mailbox, modseq);
}

ChangeFeed::Subscription ChangeFeed::SubscribeAccount(AccountId account,
                                                     AccountListener listener) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  account_listeners_.emplace(
      account, std::make_pair(id, std::make_shared<AccountListener>(std::move(listener))));
  return Subscription(this, id);
}

// Under the lock for the same reason as Publish.
void ChangeFeed::PublishAccount(const AccountEvent& event) {
  std::lock_guard lock(mu_);
  auto [begin, end] = account_listeners_.equal_range(event.account);
  for (auto it = begin; it != end; ++it) (*it->second.second)(event);
}

void ChangeFeed::Unsubscribe(uint64_t id) {
  std::lock_guard lock(mu_);
  // Ids are unique across both maps.
  auto erase = [id](auto& listeners) {
    for (auto it = listeners.begin(); it != listeners.end(); ++it) {
      if (it->second.first == id) {
        listeners.erase(it);
        return true;
      }
    }
    return false;
  };
  if (!erase(listeners_)) erase(account_listeners_);
}

}  // namespace tern::store
