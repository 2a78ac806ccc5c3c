// The selected state's frame: SELECT/EXAMINE, CLOSE/UNSELECT, EXPUNGE, and the untagged
// updates that keep each session's view in step with the others' changes (RFC 9051
// 6.3.2-3, 6.4.1-3, 7.4, 7.5; RFC 4315 UID EXPUNGE).
#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

constexpr std::pair<uint32_t, std::string_view> kSystemFlags[] = {
    {store::kFlagAnswered, "\\Answered"}, {store::kFlagFlagged, "\\Flagged"},
    {store::kFlagDeleted, "\\Deleted"},   {store::kFlagSeen, "\\Seen"},
    {store::kFlagDraft, "\\Draft"},
};

}  // namespace

std::vector<std::string> Session::FlagNames(uint32_t seq) const {
  std::vector<std::string> names;
  const uint32_t flags = view_.Flags(seq);
  for (const auto& [bit, name] : kSystemFlags) {
    if (flags & bit) names.emplace_back(name);
  }
  // RFC 9051 removed \Recent; IMAP4rev1 sessions still see it.
  if (!rev2_ && view_.IsRecent(seq)) names.emplace_back("\\Recent");
  const auto& keywords = view_.Keywords(seq);
  names.insert(names.end(), keywords.begin(), keywords.end());
  return names;
}

void Session::WriteFlags(uint32_t seq, bool with_uid) {
  std::string line = fmt::format("{} FETCH (", seq);
  if (with_uid) line += fmt::format("UID {} ", view_.UidAt(seq));
  line += "FLAGS ";
  response::AppendFlagList(line, FlagNames(seq));
  line += ")";
  Untagged(line);
}

void Session::WriteViewUpdate(const ViewUpdate& update) {
  if (update.exists) Untagged(fmt::format("{} EXISTS", *update.exists));
  for (uint32_t seq : update.expunged) Untagged(fmt::format("{} EXPUNGE", seq));
  for (uint32_t seq : update.flags_changed) WriteFlags(seq, true);
}

asio::awaitable<void> Session::ReportChanges(bool allow_expunge, bool force) {
  if (state_ != State::kSelected || !signal_) co_return;
  const bool changed = signal_->changed.exchange(false);
  if (!changed && !force) {
    if (allow_expunge && view_.HasPendingExpunges()) {
      WriteViewUpdate(view_.Apply({}, {}, UINT32_MAX, true));
    }
    co_return;
  }
  // Changes first, then expunges: see MailboxView::Apply for why this order is safe.
  auto messages = co_await ctx_.store.ListMessages(mailbox_.id, view_.modseq());
  auto vanished = co_await ctx_.store.Vanished(mailbox_.id, view_.modseq());
  if (!messages || !vanished) {
    log_.Problem("{} {}: reading changes of {}: {}", conn_.peer(), account_.name, mailbox_.name,
                 (!messages ? messages.error() : vanished.error()).ToLogString());
    signal_->changed = true;  // try again at the next opportunity
    co_return;
  }
  store::Uid first_recent = UINT32_MAX;
  if (!read_only_ && !messages->empty()) {
    first_recent = ctx_.recent.Claim(mailbox_.id, messages->back().uid + 1);
  }
  WriteViewUpdate(view_.Apply(*messages, *vanished, first_recent, allow_expunge));
}

asio::awaitable<bool> Session::OnSelect(const std::string& tag, const grammar::SelectCommand& c) {
  if (!c.params.empty()) {
    Bad(tag, fmt::format("Unsupported SELECT parameter {}", c.params.front().name));
    co_return true;
  }
  const bool was_selected = state_ == State::kSelected;
  co_await Deselect(false);
  // RFC 9051 6.3.2 / RFC 7162 3.2.11: a session leaving a mailbox for another is told so
  // before the new mailbox's data.
  if (was_selected) Untagged("OK [CLOSED] Previous mailbox closed");

  auto mailbox = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
  if (!mailbox) {
    StoreFailed(tag, mailbox.error(), c.read_only ? "EXAMINE" : "SELECT");
    co_return true;
  }
  // Subscribe before reading, so that no change falls between the two.
  auto signal = std::make_shared<ChangeSignal>(co_await asio::this_coro::executor);
  auto subscription = ctx_.store.changes().Subscribe(mailbox->id, [signal](store::MailboxId, store::ModSeq) {
    signal->changed = true;
    asio::post(signal->wake.get_executor(), [signal] { signal->wake.cancel(); });
  });
  auto messages = co_await ctx_.store.ListMessages(mailbox->id, 0);
  if (!messages) {
    StoreFailed(tag, messages.error(), "SELECT");
    co_return true;
  }
  // The mailbox row was read before the messages: a message that arrived in between is
  // in the list and above uid_next; the view takes both into account.
  store::Uid uid_next = mailbox->uid_next;
  if (!messages->empty()) uid_next = std::max(uid_next, messages->back().uid + 1);
  const store::Uid first_recent =
      c.read_only ? UINT32_MAX : ctx_.recent.Claim(mailbox->id, uid_next);
  view_.Load(std::move(*messages), first_recent, settings_->read_limit);

  mailbox_ = std::move(*mailbox);
  read_only_ = c.read_only;
  signal_ = std::move(signal);
  subscription_ = std::move(subscription);
  saved_search_.clear();
  state_ = State::kSelected;

  std::string flags = "FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : view_.AllKeywords()) flags += " " + k;
  Untagged(flags + ")");
  Untagged(fmt::format("{} EXISTS", view_.exists()));
  if (!rev2_) Untagged(fmt::format("{} RECENT", view_.RecentCount()));
  // RFC 9051 6.3.2 requires a LIST response with the mailbox name in IMAP4rev2.
  if (rev2_) {
    std::string list = "LIST () \"/\" ";
    AppendMailboxName(list, mailbox_.name);
    Untagged(list);
  }
  if (!rev2_) {
    // RFC 3501 6.3.1 requires it of IMAP4rev1 servers; RFC 9051 dropped it.
    for (uint32_t seq = 1; seq <= view_.exists(); ++seq) {
      if (!(view_.Flags(seq) & store::kFlagSeen)) {
        Untagged(fmt::format("OK [UNSEEN {}] First unseen message", seq));
        break;
      }
    }
  }
  Untagged(fmt::format("OK [UIDVALIDITY {}] UIDs valid", mailbox_.uid_validity));
  Untagged(fmt::format("OK [UIDNEXT {}] Predicted next UID", uid_next));
  if (read_only_) {
    Untagged("OK [PERMANENTFLAGS ()] No permanent flags permitted");
  } else {
    Untagged("OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted");
  }
  TaggedOk(tag, read_only_ ? "[READ-ONLY] EXAMINE completed" : "[READ-WRITE] SELECT completed");
  co_return true;
}

asio::awaitable<void> Session::Deselect(bool expunge) {
  if (state_ != State::kSelected) co_return;
  if (expunge) {
    std::vector<store::Uid> deleted;
    for (uint32_t seq = 1; seq <= view_.exists(); ++seq) {
      if (view_.Flags(seq) & store::kFlagDeleted) deleted.push_back(view_.UidAt(seq));
    }
    // RFC 9051 6.4.1: CLOSE expunges silently; a failure leaves the messages, which is
    // what the client sees next time, so there is nothing else to tell it.
    if (!deleted.empty()) {
      if (auto r = co_await ctx_.store.Expunge(mailbox_.id, std::move(deleted)); !r) {
        log_.Problem("{} {}: CLOSE of {}: {}", conn_.peer(), account_.name, mailbox_.name,
                     r.error().ToLogString());
      }
    }
  }
  subscription_.Reset();
  signal_.reset();
  view_ = MailboxView();
  saved_search_.clear();
  state_ = State::kAuthenticated;
}

asio::awaitable<bool> Session::OnExpunge(const std::string& tag, const grammar::ExpungeCommand& c) {
  if (read_only_) {
    TaggedNo(tag, "[READ-ONLY] Mailbox is read-only");
    co_return true;
  }
  // Flags other sessions set count too: bring the view up to date first.
  co_await ReportChanges(true, true);
  std::vector<store::Uid> uids;
  std::vector<uint32_t> seqs;
  if (c.uids) {
    auto resolved = ResolveSet(tag, *c.uids, true);
    if (!resolved) co_return true;
    seqs = std::move(*resolved);
  } else {
    for (uint32_t seq = 1; seq <= view_.exists(); ++seq) seqs.push_back(seq);
  }
  for (uint32_t seq : seqs) {
    if (view_.Flags(seq) & store::kFlagDeleted) uids.push_back(view_.UidAt(seq));
  }
  if (!uids.empty()) {
    auto result = co_await ctx_.store.Expunge(mailbox_.id, uids);
    if (!result) {
      StoreFailed(tag, result.error(), "EXPUNGE");
      co_return true;
    }
    for (uint32_t seq : view_.Remove(result->expunged)) Untagged(fmt::format("{} EXPUNGE", seq));
  }
  TaggedOk(tag, "EXPUNGE completed");
  co_return true;
}

std::optional<std::vector<uint32_t>> Session::ResolveSet(const std::string& tag,
                                                         const grammar::SequenceSet& set, bool uid) {
  auto resolved = view_.Resolve(set, uid, saved_search_);
  if (!resolved) {
    Bad(tag, resolved.error().public_text);
    return std::nullopt;
  }
  return std::move(*resolved);
}

}  // namespace tern::imap::session
