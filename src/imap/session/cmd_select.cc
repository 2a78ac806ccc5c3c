// The selected state's frame: SELECT/EXAMINE, CLOSE/UNSELECT, EXPUNGE, and the untagged
// updates that keep each session's view in step with the others' changes (RFC 9051
// 6.3.2-3, 6.4.1-3, 7.4, 7.5; RFC 4315 UID EXPUNGE).
#include <fmt/format.h>

#include <unordered_set>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "imap/search/number_set.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"
#include "store/object_id.h"

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

std::string Session::FetchResponseStart(uint32_t seq) const {
  return uid_only_ ? fmt::format("{} UIDFETCH (", view_.UidAt(seq))
                   : fmt::format("{} FETCH (", seq);
}

void Session::WriteFlags(uint32_t seq, bool with_uid, store::ModSeq modseq) {
  std::string line = FetchResponseStart(seq);
  // Under UIDONLY the UID leads the response already.
  if ((with_uid || condstore_) && !uid_only_) line += fmt::format("UID {} ", view_.UidAt(seq));
  line += "FLAGS ";
  response::AppendFlagList(line, FlagNames(seq));
  if (condstore_) {
    line += fmt::format(" MODSEQ ({})", modseq);
    sent_modseq_ = true;
  }
  line += ")";
  Untagged(line);
}

void Session::WriteExpunged(const std::vector<uint32_t>& seqs, const std::vector<store::Uid>& uids) {
  if (qresync_ || uid_only_) {  // RFC 7162 3.2.10, RFC 9586 3.4
    if (!uids.empty()) Untagged("VANISHED " + FormatUidSet(uids));
    return;
  }
  for (uint32_t seq : seqs) Untagged(fmt::format("{} EXPUNGE", seq));
}

void Session::WriteViewUpdate(const ViewUpdate& update) {
  if (update.exists) Untagged(fmt::format("{} EXISTS", *update.exists));
  WriteExpunged(update.expunged, update.expunged_uids);
  for (const auto& f : update.flags_changed) WriteFlags(f.seq, true, f.modseq);
}

void Session::EnableCondstore() {
  if (condstore_) return;
  condstore_ = true;
  // RFC 7162 3.1: the first enabling command with a mailbox selected reports its
  // HIGHESTMODSEQ: what this session has taken in, or below any expunge it holds back.
  if (state_ == State::kSelected) {
    Untagged(fmt::format("OK [HIGHESTMODSEQ {}] Highest mailbox mod-sequence",
                         view_.ExpungeFloor().value_or(view_.modseq())));
  }
}

asio::awaitable<void> Session::ReportChanges(bool allow_expunge, bool force) {
  if (state_ != State::kSelected || !signal_) co_return;
  // RFC 5465 3.1: after NOTIFY without SELECTED (or with SELECTED NONE) the client wants
  // no message events of the selected mailbox; the view waits (a forced report is this
  // session's own command needing it).
  const NotifyEvents notify_events = notify_ ? notify_->watch.selected_events() : kMessageEvents;
  if (!force && (notify_events & EventBit(grammar::NotifyEvent::kMessageNew)) == 0) co_return;
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
  if (!vanished && vanished.error().code == ErrorCode::kLimit) {
    // Tombstones this view still needed were pruned: what is gone is what it holds and
    // the store no longer has.
    vanished = co_await MissingFromStore(1, UINT32_MAX, nullptr);
  }
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
  const store::Uid max_before = view_.MaxUid();
  ViewUpdate update = view_.Apply(*messages, *vanished, first_recent, allow_expunge);
  if (!force && (notify_events & EventBit(grammar::NotifyEvent::kFlagChange)) == 0) {
    update.flags_changed.clear();  // NOTIFY's SELECTED group left FlagChange out
  }
  WriteViewUpdate(update);
  if (notify_ && !notify_->watch.new_message_fetch().empty() && view_.MaxUid() > max_before) {
    co_await FetchNewMessages(max_before);
  }
}

asio::awaitable<bool> Session::OnSelect(const std::string& tag, const grammar::SelectCommand& c) {
  if (c.qresync && !qresync_) {
    // RFC 7162 3.2.5: BAD, and the current mailbox stays selected.
    Bad(tag, "QRESYNC must be enabled first (ENABLE QRESYNC)");
    co_return true;
  }
  // The parameter enables CONDSTORE for this very SELECT (RFC 7162 3.1.8): no separate
  // HIGHESTMODSEQ for the mailbox being left.
  if (c.condstore || c.qresync) condstore_ = true;
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
  if (!rev2_ && !uid_only_) {
    // RFC 3501 6.3.1 requires it of IMAP4rev1 servers; RFC 9051 dropped it; it is a
    // message number, which RFC 9586 3 forbids once UIDONLY is enabled.
    for (uint32_t seq = 1; seq <= view_.exists(); ++seq) {
      if (!(view_.Flags(seq) & store::kFlagSeen)) {
        Untagged(fmt::format("OK [UNSEEN {}] First unseen message", seq));
        break;
      }
    }
  }
  Untagged(fmt::format("OK [UIDVALIDITY {}] UIDs valid", mailbox_.uid_validity));
  Untagged(fmt::format("OK [MAILBOXID ({})] Mailbox id", store::MailboxObjectId(mailbox_)));
  Untagged(fmt::format("OK [UIDNEXT {}] Predicted next UID", uid_next));
  if (read_only_) {
    Untagged("OK [PERMANENTFLAGS ()] No permanent flags permitted");
  } else {
    Untagged("OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted");
  }
  // Read before the messages: every change after it is in the view or reported later.
  if (condstore_) {
    Untagged(fmt::format("OK [HIGHESTMODSEQ {}] Highest mailbox mod-sequence",
                         mailbox_.highest_modseq));
  }
  if (c.qresync && c.qresync->uid_validity == mailbox_.uid_validity) {
    if (!co_await Resynchronize(tag, *c.qresync)) co_return true;
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
    std::vector<store::Uid> removed;
    const auto seqs_removed = view_.Remove(result->expunged, &removed);
    WriteExpunged(seqs_removed, removed);
    // RFC 7162 3.2.7, 3.2.9: the new mod-sequence, once QRESYNC is on and something went.
    if (qresync_ && !result->expunged.empty()) {
      TaggedOk(tag, fmt::format("[HIGHESTMODSEQ {}] {} completed", result->modseq,
                                c.uids ? "UID EXPUNGE" : "EXPUNGE"));
      co_return true;
    }
  }
  TaggedOk(tag, c.uids ? "UID EXPUNGE completed" : "EXPUNGE completed");
  co_return true;
}

asio::awaitable<bool> Session::Resynchronize(const std::string& tag,
                                             const grammar::QresyncParams& q) {
  // RFC 7162 3.2.5.2: pairs of message number and UID the client knows, in order; up to
  // the last pair that still matches, the client has seen every expunge.
  store::Uid above = 0;
  for (size_t i = 0; i < q.match_seqs.size(); ++i) {
    const uint32_t seq = q.match_seqs[i];
    if (seq == 0 || seq > view_.exists() || view_.UidAt(seq) != q.match_uids[i]) break;
    above = q.match_uids[i];
  }
  grammar::SequenceSet known;
  if (q.known_uids) {
    known = *q.known_uids;
  } else {
    known.ranges.push_back({1, grammar::kStar});  // 1:<UIDNEXT-1> (RFC 7162 3.2.5.1)
  }
  if (!co_await WriteVanishedEarlier(tag, known, q.modseq, above)) co_return false;
  auto changed = co_await ctx_.store.ListMessages(mailbox_.id, q.modseq);
  if (!changed) {
    StoreFailed(tag, changed.error(), "SELECT");
    co_return false;
  }
  const search::NumberSet known_set(known);
  const store::Uid star = mailbox_.uid_next > 1 ? mailbox_.uid_next - 1 : 0;
  for (const auto& m : *changed) {
    if (!known_set.Contains(m.uid, std::max(star, view_.MaxUid()))) continue;
    if (auto seq = view_.SeqOf(m.uid)) WriteFlags(*seq, true, m.modseq);
  }
  co_return true;
}

asio::awaitable<bool> Session::WriteVanishedEarlier(const std::string& tag,
                                                    const grammar::SequenceSet& set,
                                                    store::ModSeq since, store::Uid above) {
  // "*" in the client's set means the highest UID it could know of.
  const store::Uid star = std::max(mailbox_.uid_next > 1 ? mailbox_.uid_next - 1 : 0, view_.MaxUid());
  const search::NumberSet wanted(set);
  auto vanished = co_await ctx_.store.Vanished(mailbox_.id, since);
  if (!vanished && vanished.error().code == ErrorCode::kLimit) {
    // RFC 7162 3.2.6: below the oldest remembered expunge, every UID of the set that is
    // not here counts as expunged.
    vanished = co_await MissingFromStore(above + 1, star, &wanted);
  }
  if (!vanished) {
    StoreFailed(tag, vanished.error(), "resynchronisation");
    co_return false;
  }
  std::vector<store::Uid> gone;
  for (store::Uid u : *vanished) {
    if (u > above && wanted.Contains(u, star) && !view_.SeqOf(u)) gone.push_back(u);
  }
  if (!gone.empty()) Untagged("VANISHED (EARLIER) " + FormatUidSet(gone));
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

namespace tern::imap::session {

asio::awaitable<Result<std::vector<store::Uid>>> Session::MissingFromStore(
    store::Uid from, store::Uid to, const search::NumberSet* within) {
  auto present = co_await ctx_.store.ListMessages(mailbox_.id, 0);
  if (!present) co_return Fail(present.error());
  std::vector<store::Uid> missing;
  if (within == nullptr) {
    // The view's messages that are gone.
    std::unordered_set<store::Uid> here;
    for (const auto& m : *present) here.insert(m.uid);
    for (uint32_t seq = 1; seq <= view_.exists(); ++seq) {
      const store::Uid u = view_.UidAt(seq);
      if (u >= from && u <= to && !here.count(u)) missing.push_back(u);
    }
    co_return missing;
  }
  // Every UID of `within` in [from, to] without a message; bounded by the UIDs the
  // mailbox ever gave out (`to`), which a client's "1:*" cannot exceed.
  size_t next = 0;
  for (uint64_t u = from; u <= to; ++u) {
    while (next < present->size() && (*present)[next].uid < u) ++next;
    const bool exists = next < present->size() && (*present)[next].uid == u;
    if (!exists && within->Contains(static_cast<store::Uid>(u), to)) {
      missing.push_back(static_cast<store::Uid>(u));
    }
  }
  co_return missing;
}

}  // namespace tern::imap::session
