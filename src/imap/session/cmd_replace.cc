// REPLACE and UID REPLACE (RFC 8508): APPEND of a new message and expunge of one message
// of the selected mailbox, as one store transaction (Store::ReplaceMessage), so no other
// session ever sees both or neither, and only the net quota counts.
#include <fmt/format.h>

#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

asio::awaitable<bool> Session::OnReplace(const std::string& tag, const grammar::ReplaceCommand& c) {
  StreamedBodies streamed = std::move(streamed_);
  streamed_.clear();
  const char* verb = c.uid ? "UID REPLACE" : "REPLACE";
  // RFC 8508 4.1: the rights of UID STORE and UID EXPUNGE in the selected mailbox.
  if (read_only_) {
    TaggedNo(tag, "[READ-ONLY] Mailbox is read-only");
    co_return true;
  }
  auto seqs = ResolveSet(tag, c.number, c.uid);
  if (!seqs) co_return true;
  if (seqs->empty() || view_.IsExpunged(seqs->front())) {
    TaggedNo(tag, "[NONEXISTENT] No such message to replace");
    co_return true;
  }
  const store::Uid old_uid = view_.UidAt(seqs->front());
  auto target = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
  if (!target) {
    if (target.error().code == ErrorCode::kNotFound) {
      TaggedNo(tag, "[TRYCREATE] No such mailbox");  // RFC 8508 3.4, as APPEND
    } else {
      StoreFailed(tag, target.error(), verb);
    }
    co_return true;
  }
  auto request = co_await PrepareAppend(tag, c.message, *target, streamed);
  if (!request) co_return true;
  auto replaced = co_await ctx_.store.ReplaceMessage(mailbox_.id, old_uid, std::move(*request));
  if (!replaced) {
    StoreFailed(tag, replaced.error(), verb);
    co_return true;
  }
  // RFC 8508 4.3: APPENDUID in an untagged OK, before the EXPUNGE (or VANISHED) of the
  // replaced message, which the view reports with the new message's EXISTS when the
  // target is the selected mailbox (the RFC's examples: OK, EXISTS, EXPUNGE).
  Untagged(fmt::format("OK [APPENDUID {} {}] Replacement Message ready",
                       replaced->appended.uid_validity, replaced->appended.uid));
  co_await ReportChanges(/*allow_expunge=*/true, /*force=*/true);
  TaggedOk(tag, fmt::format("{} completed", verb));
  co_return true;
}

}  // namespace tern::imap::session
