#pragma once
// One session's view of its selected mailbox (RFC 9051 2.3.1.2, 7.4): the messages in
// sequence-number order with the flags this session last reported, and the changes of
// other sessions not yet reported. Sequence numbers change only when this session says
// so (an EXPUNGE response), so the view, not the store, decides what a number means.
// No I/O: the session feeds it what the store returns. Not thread-safe.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "imap/grammar/sequence_set.h"
#include "store/types.h"

namespace tern::imap::session {

// A message whose flags another session changed, with the mod-sequence of the change
// (RFC 7162: CONDSTORE sessions are told it).
struct FlagUpdate {
  uint32_t seq = 0;
  store::ModSeq modseq = 0;
  bool operator==(const FlagUpdate&) const = default;
};

// What changed since the view last reported, as the session must announce it.
// Send them in this order: EXISTS, EXPUNGEs (or one VANISHED), FETCHes.
struct ViewUpdate {
  // Set when the number of messages grew: send "* n EXISTS".
  std::optional<uint32_t> exists;
  // Sequence numbers to send "* n EXPUNGE" for, in the order to send them (each
  // number is valid after the previous ones were removed).
  std::vector<uint32_t> expunged;
  // The same messages' UIDs, ascending, for "* VANISHED" (RFC 7162 3.2.10.2).
  std::vector<store::Uid> expunged_uids;
  // Messages whose flags changed (after the expunges): send "* n FETCH (FLAGS ...)".
  std::vector<FlagUpdate> flags_changed;
  bool empty() const { return expunged.empty() && !exists && flags_changed.empty(); }
};

class MailboxView {
 public:
  // `messages` in UID order, as ListMessages returns them. Messages with UID >=
  // `first_recent` are \Recent in this session. `read_limit` > 0 keeps only that many of
  // the newest messages (service.imap.readlimit); older ones stay invisible.
  void Load(std::vector<store::MessageMeta> messages, store::Uid first_recent,
            uint32_t read_limit);

  uint32_t exists() const { return static_cast<uint32_t>(messages_.size()); }
  // 1-based sequence number -> UID; precondition 1 <= seq <= exists().
  store::Uid UidAt(uint32_t seq) const { return messages_[seq - 1].uid; }
  std::optional<uint32_t> SeqOf(store::Uid uid) const;
  uint32_t Flags(uint32_t seq) const { return messages_[seq - 1].flags & ~kRecentBit; }
  const std::vector<std::string>& Keywords(uint32_t seq) const {
    return keyword_sets_[messages_[seq - 1].keywords];
  }
  bool IsRecent(uint32_t seq) const { return (messages_[seq - 1].flags & kRecentBit) != 0; }
  // True if another session expunged the message and this one has not said so yet.
  bool IsExpunged(uint32_t seq) const { return pending_expunges_.count(UidAt(seq)) > 0; }
  // The highest UID this view knows, 0 if empty.
  store::Uid MaxUid() const { return messages_.empty() ? 0 : messages_.back().uid; }
  // Every keyword some message in the view carries, sorted (for the FLAGS response).
  std::vector<std::string> AllKeywords() const;
  uint32_t RecentCount() const;

  // Resolves a sequence set to ascending, distinct sequence numbers. For message
  // numbers, "*" is exists() and a number beyond it fails ("invalid message sequence
  // number"; also any number in an empty mailbox). For UIDs, "*" is the highest UID and
  // UIDs not in the view are left out. "$" resolves `saved` (UIDs).
  Result<std::vector<uint32_t>> Resolve(const grammar::SequenceSet& set, bool uid,
                                        const std::vector<store::Uid>& saved) const;

  // Records this session's own flag change, already reported to its client.
  void SetFlags(uint32_t seq, uint32_t flags, const std::vector<std::string>& keywords);

  // The store's answer to "what changed since modseq()": messages whose modseq is above
  // it (new or with new flags) and UIDs expunged since. New messages with UID >=
  // `first_recent` become \Recent here. With `allow_expunge` false (during FETCH, STORE
  // and SEARCH, RFC 9051 7.5.1) expunges are kept for later and numbers do not move.
  ViewUpdate Apply(const std::vector<store::MessageMeta>& changed,
                   const std::vector<store::Uid>& vanished, store::Uid first_recent,
                   bool allow_expunge);
  // Removes `uids` that this session expunged itself; returns the EXPUNGE numbers in
  // order (like ViewUpdate::expunged). `removed`, if given, receives the UIDs that were
  // in the view, ascending.
  std::vector<uint32_t> Remove(const std::vector<store::Uid>& uids,
                               std::vector<store::Uid>* removed = nullptr);

  // The highest modseq whose changes the view has taken in.
  store::ModSeq modseq() const { return modseq_; }
  void set_modseq(store::ModSeq m) { modseq_ = m; }
  bool HasPendingExpunges() const { return !pending_expunges_.empty(); }
  // While expunges wait to be reported: a mod-sequence below all of theirs. A session
  // that reports MODSEQ values meanwhile must say HIGHESTMODSEQ is this (RFC 7162 3.2),
  // or a client that loses the connection would never learn of those expunges.
  std::optional<store::ModSeq> ExpungeFloor() const {
    if (pending_expunges_.empty()) return std::nullopt;
    return expunge_floor_;
  }

 private:
  // \Recent is per session (RFC 3501 2.3.2), so it lives here, beside the stored flags.
  static constexpr uint32_t kRecentBit = 1u << 31;
  // 12 bytes a message: a 100,000-message mailbox costs about 1.2 MB per session.
  struct Message {
    store::Uid uid = 0;
    uint32_t flags = 0;
    uint32_t keywords = 0;  // index into keyword_sets_ (0: none)
  };
  uint32_t InternKeywords(const std::vector<std::string>& keywords);

  std::vector<Message> messages_;
  // Distinct keyword sets; messages refer to them by index. Most mailboxes have a handful.
  std::vector<std::vector<std::string>> keyword_sets_{{}};
  std::set<store::Uid> pending_expunges_;
  store::Uid lowest_visible_ = 0;  // read limit: older UIDs are not in the view
  store::ModSeq modseq_ = 0;
  store::ModSeq expunge_floor_ = 0;
};

}  // namespace tern::imap::session
