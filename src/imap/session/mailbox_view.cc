#include "imap/session/mailbox_view.h"

#include <algorithm>

namespace tern::imap::session {

uint32_t MailboxView::InternKeywords(const std::vector<std::string>& keywords) {
  if (keywords.empty()) return 0;
  for (size_t i = 1; i < keyword_sets_.size(); ++i) {
    if (keyword_sets_[i] == keywords) return static_cast<uint32_t>(i);
  }
  keyword_sets_.push_back(keywords);
  return static_cast<uint32_t>(keyword_sets_.size() - 1);
}

void MailboxView::Load(std::vector<store::MessageMeta> messages, store::Uid first_recent,
                       uint32_t read_limit) {
  messages_.clear();
  keyword_sets_.assign(1, {});
  pending_expunges_.clear();
  modseq_ = 0;
  size_t skip = 0;
  if (read_limit > 0 && messages.size() > read_limit) skip = messages.size() - read_limit;
  lowest_visible_ = skip > 0 ? messages[skip].uid : 0;
  messages_.reserve(messages.size() - skip);
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    modseq_ = std::max(modseq_, m.modseq);
    if (i < skip) continue;
    messages_.push_back(Message{m.uid, m.flags | (m.uid >= first_recent ? kRecentBit : 0),
                                InternKeywords(m.keywords)});
  }
}

std::optional<uint32_t> MailboxView::SeqOf(store::Uid uid) const {
  auto it = std::lower_bound(messages_.begin(), messages_.end(), uid,
                             [](const Message& m, store::Uid u) { return m.uid < u; });
  if (it == messages_.end() || it->uid != uid) return std::nullopt;
  return static_cast<uint32_t>(it - messages_.begin()) + 1;
}

std::vector<std::string> MailboxView::AllKeywords() const {
  std::vector<bool> used(keyword_sets_.size(), false);
  for (const auto& m : messages_) used[m.keywords] = true;
  std::vector<std::string> out;
  for (size_t i = 1; i < keyword_sets_.size(); ++i) {
    if (!used[i]) continue;
    out.insert(out.end(), keyword_sets_[i].begin(), keyword_sets_[i].end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint32_t MailboxView::RecentCount() const {
  return static_cast<uint32_t>(std::count_if(messages_.begin(), messages_.end(), [](const Message& m) {
    return (m.flags & kRecentBit) != 0;
  }));
}

Result<std::vector<uint32_t>> MailboxView::Resolve(const grammar::SequenceSet& set, bool uid,
                                                   const std::vector<store::Uid>& saved) const {
  std::vector<uint32_t> out;
  if (set.saved_result) {
    for (store::Uid u : saved) {
      if (auto seq = SeqOf(u)) out.push_back(*seq);
    }
  } else if (uid) {
    const store::Uid star = MaxUid();
    for (const auto& r : set.ranges) {
      store::Uid a = r.first == grammar::kStar ? star : r.first;
      store::Uid b = r.last == grammar::kStar ? star : r.last;
      if (a > b) std::swap(a, b);
      if (messages_.empty()) continue;
      auto lo = std::lower_bound(messages_.begin(), messages_.end(), a,
                                 [](const Message& m, store::Uid u) { return m.uid < u; });
      for (auto it = lo; it != messages_.end() && it->uid <= b; ++it) {
        out.push_back(static_cast<uint32_t>(it - messages_.begin()) + 1);
      }
    }
  } else {
    const uint32_t star = exists();
    for (const auto& r : set.ranges) {
      uint32_t a = r.first == grammar::kStar ? star : r.first;
      uint32_t b = r.last == grammar::kStar ? star : r.last;
      if (a > b) std::swap(a, b);
      if (a == 0 || b > exists()) {
        return Fail(ErrorCode::kInvalidArgument, "invalid message sequence number");
      }
      for (uint32_t s = a; s <= b; ++s) out.push_back(s);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void MailboxView::SetFlags(uint32_t seq, uint32_t flags, const std::vector<std::string>& keywords) {
  auto& m = messages_[seq - 1];
  m.flags = flags | (m.flags & kRecentBit);
  m.keywords = InternKeywords(keywords);
}

std::vector<uint32_t> MailboxView::Remove(const std::vector<store::Uid>& uids,
                                          std::vector<store::Uid>* removed) {
  std::vector<uint32_t> out;
  // Highest first: each number is then still valid when the client reads it, and the
  // numbers sent are the ones the client has (RFC 9051 7.5.1's example decrements).
  std::vector<uint32_t> seqs;
  for (store::Uid u : uids) {
    if (auto seq = SeqOf(u)) {
      seqs.push_back(*seq);
      if (removed) removed->push_back(u);
    }
    pending_expunges_.erase(u);
  }
  if (removed) {
    std::sort(removed->begin(), removed->end());
    removed->erase(std::unique(removed->begin(), removed->end()), removed->end());
  }
  std::sort(seqs.begin(), seqs.end(), std::greater<>());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  for (uint32_t s : seqs) {
    messages_.erase(messages_.begin() + (s - 1));
    out.push_back(s);
  }
  return out;
}

ViewUpdate MailboxView::Apply(const std::vector<store::MessageMeta>& changed,
                              const std::vector<store::Uid>& vanished, store::Uid first_recent,
                              bool allow_expunge) {
  ViewUpdate update;
  const uint32_t before = exists();
  const store::Uid max_uid = MaxUid();
  const store::ModSeq modseq_before = modseq_;
  std::vector<std::pair<store::Uid, store::ModSeq>> flag_uids;
  for (const auto& m : changed) {
    modseq_ = std::max(modseq_, m.modseq);
    if (m.uid < lowest_visible_) continue;
    if (m.uid > max_uid) {
      messages_.push_back(Message{m.uid, m.flags | (m.uid >= first_recent ? kRecentBit : 0),
                                  InternKeywords(m.keywords)});
      continue;
    }
    auto seq = SeqOf(m.uid);
    if (!seq) continue;
    auto& mine = messages_[*seq - 1];
    if ((mine.flags & ~kRecentBit) == m.flags && keyword_sets_[mine.keywords] == m.keywords) {
      continue;  // this session's own change, reported already
    }
    mine.flags = m.flags | (mine.flags & kRecentBit);
    mine.keywords = InternKeywords(m.keywords);
    flag_uids.emplace_back(m.uid, m.modseq);
  }
  // EXISTS first: a message both added and expunged since the last report is then
  // announced and removed, in an order the client can follow.
  if (exists() != before) update.exists = exists();
  const bool had_pending = !pending_expunges_.empty();
  for (store::Uid u : vanished) {
    if (u >= lowest_visible_ && SeqOf(u)) pending_expunges_.insert(u);
  }
  // Every expunge found now has a mod-sequence above what the view had taken in.
  if (!had_pending) expunge_floor_ = modseq_before;
  if (allow_expunge && !pending_expunges_.empty()) {
    std::vector<store::Uid> gone(pending_expunges_.begin(), pending_expunges_.end());
    update.expunged = Remove(gone, &update.expunged_uids);
  }
  for (const auto& [uid, modseq] : flag_uids) {
    if (auto seq = SeqOf(uid); seq && !IsExpunged(*seq)) {
      update.flags_changed.push_back(FlagUpdate{*seq, modseq});
    }
  }
  std::sort(update.flags_changed.begin(), update.flags_changed.end(),
            [](const FlagUpdate& a, const FlagUpdate& b) { return a.seq < b.seq; });
  return update;
}

}  // namespace tern::imap::session
