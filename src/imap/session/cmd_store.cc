// STORE and UID STORE (RFC 9051 6.4.6).
#include <fmt/format.h>

#include "imap/session/session.h"
#include "imap/session/stored_flags.h"

namespace tern::imap::session {

namespace asio = boost::asio;

asio::awaitable<bool> Session::OnStore(const std::string& tag, const grammar::StoreCommand& c) {
  if (read_only_) {
    TaggedNo(tag, "[READ-ONLY] Mailbox is read-only");
    co_return true;
  }
  auto seqs = ResolveSet(tag, c.set, c.uid);
  if (!seqs) co_return true;
  auto flags = ToStoredFlags(c.flags);
  if (!flags) {
    Bad(tag, flags.error().public_text);
    co_return true;
  }
  std::vector<store::Uid> uids;
  for (uint32_t seq : *seqs) uids.push_back(view_.UidAt(seq));
  if (!uids.empty()) {
    store::FlagChange change;
    change.op = c.mode == grammar::StoreMode::kAdd      ? store::FlagOp::kAdd
                : c.mode == grammar::StoreMode::kRemove ? store::FlagOp::kRemove
                                                        : store::FlagOp::kReplace;
    change.flags = flags->flags;
    change.keywords = std::move(flags->keywords);
    auto result = co_await ctx_.store.ChangeFlags(mailbox_.id, std::move(uids), std::move(change));
    if (!result) {
      StoreFailed(tag, result.error(), "STORE");
      co_return true;
    }
    for (const auto& m : result->changed) {
      if (auto seq = view_.SeqOf(m.uid)) view_.SetFlags(*seq, m.flags, m.keywords);
    }
  }
  if (!c.silent) {
    for (uint32_t seq : *seqs) WriteFlags(seq, c.uid);
  }
  TaggedOk(tag, c.uid ? "UID STORE completed" : "STORE completed");
  co_return true;
}

}  // namespace tern::imap::session
