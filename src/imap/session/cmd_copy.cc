// COPY, MOVE and their UID forms (RFC 9051 6.4.7-8, RFC 6851, RFC 4315 COPYUID).
#include <fmt/format.h>

#include "imap/session/session.h"
#include "imap/session/stored_flags.h"

namespace tern::imap::session {

namespace asio = boost::asio;

asio::awaitable<bool> Session::OnCopy(const std::string& tag, const grammar::CopyCommand& c) {
  const char* verb = c.move ? (c.uid ? "UID MOVE" : "MOVE") : (c.uid ? "UID COPY" : "COPY");
  if (c.move && read_only_) {
    TaggedNo(tag, "[READ-ONLY] Mailbox is read-only");
    co_return true;
  }
  auto seqs = ResolveSet(tag, c.set, c.uid);
  if (!seqs) co_return true;
  auto target = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
  if (!target) {
    if (target.error().code == ErrorCode::kNotFound) {
      TaggedNo(tag, "[TRYCREATE] No such mailbox");  // RFC 9051 6.4.7
    } else {
      StoreFailed(tag, target.error(), verb);
    }
    co_return true;
  }
  std::vector<store::Uid> uids;
  for (uint32_t seq : *seqs) {
    if (!view_.IsExpunged(seq)) uids.push_back(view_.UidAt(seq));
  }
  if (uids.empty()) {
    TaggedOk(tag, fmt::format("{} completed (no messages)", verb));
    co_return true;
  }
  auto copied = co_await ctx_.store.CopyMessages(mailbox_.id, std::move(uids), target->id, c.move);
  if (!copied) {
    StoreFailed(tag, copied.error(), verb);
    co_return true;
  }
  std::string copyuid = fmt::format("[COPYUID {} {} {}]", copied->uid_validity,
                                    FormatUidSet(copied->source_uids),
                                    FormatUidSet(copied->dest_uids));
  if (!c.move) {
    TaggedOk(tag, fmt::format("{} {} completed", copyuid, verb));
    co_return true;
  }
  // RFC 6851 4.3: COPYUID in an untagged OK before the expunges, then the tagged OK.
  if (!copied->source_uids.empty()) Untagged(fmt::format("OK {} Moved", copyuid));
  std::vector<store::Uid> removed;
  const auto seqs_removed = view_.Remove(copied->source_uids, &removed);
  WriteExpunged(seqs_removed, removed);
  TaggedOk(tag, fmt::format("{} completed", verb));
  co_return true;
}

}  // namespace tern::imap::session
