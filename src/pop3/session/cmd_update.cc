// QUIT in the TRANSACTION state: the UPDATE state (RFC 1939 section 6). Deletions, and
// what login options d, p and v ask for, are applied in one atomic, durable store write.
#include <fmt/format.h>

#include <algorithm>

#include "pop3/response/status.h"
#include "pop3/session/session.h"

namespace tern::pop3::session {

namespace asio = boost::asio;

asio::awaitable<bool> Session::OnQuit() {
  store::PopUpdate update;
  update.mailbox = inbox_.id;
  update.view = options_.view.value_or(0);
  update.trash_name = settings_->trash_mailbox;
  update.expunge = maildrop_.DeletedUids();
  std::sort(retrieved_.begin(), retrieved_.end());
  retrieved_.erase(std::unique(retrieved_.begin(), retrieved_.end()), retrieved_.end());
  update.downloaded = retrieved_;
  for (store::Uid uid : retrieved_) {
    if (std::binary_search(update.expunge.begin(), update.expunge.end(), uid)) continue;
    if (options_.purge_after) {
      update.expunge.push_back(uid);
    } else if (options_.delete_after) {
      update.move_to_trash.push_back(uid);
    }
  }
  if (!update.move_to_trash.empty()) {
    // The account's \Trash mailbox (RFC 6154), which IMAP clients show as the trash, is
    // where option d puts mail; the configured name is for accounts without one.
    if (auto boxes = co_await ctx_.store.ListMailboxes(account_.id)) {
      auto trash = std::find_if(boxes->begin(), boxes->end(),
                                [](const store::Mailbox& m) { return m.special_use == "\\Trash"; });
      if (trash != boxes->end()) update.trash_name = trash->name;
    }
  }
  bool work = !update.expunge.empty() || !update.move_to_trash.empty() ||
              (update.view > 0 && !update.downloaded.empty());
  if (work) {
    auto applied = co_await ctx_.store.ApplyPopUpdate(std::move(update));
    if (!applied) {
      log_.Problem("{}: UPDATE for {} failed: {}", conn_.peer(), account_.name,
                   applied.error().ToLogString());
      Reply(response::Err(response::ResponseCode::kSysTemp, "some deleted messages not removed"));
      co_return false;
    }
  }
  lock_.Release();
  Reply(response::Ok(
      fmt::format("{} closing ({} messages left)", settings_->hostname, maildrop_.live_count())));
  co_return false;
}

}  // namespace tern::pop3::session
