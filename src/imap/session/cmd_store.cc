// STORE and UID STORE (RFC 9051 6.4.6).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

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
  if (c.unchanged_since) EnableCondstore();  // RFC 7162 3.1
  std::vector<store::Uid> uids;
  for (uint32_t seq : *seqs) uids.push_back(view_.UidAt(seq));
  // The mod-sequence of each message the STORE applied to (changed or already so).
  std::unordered_map<store::Uid, store::ModSeq> done;
  std::vector<uint32_t> modified;  // failed UNCHANGEDSINCE: numbers or UIDs as sent
  if (!uids.empty()) {
    store::FlagChange change;
    change.op = c.mode == grammar::StoreMode::kAdd      ? store::FlagOp::kAdd
                : c.mode == grammar::StoreMode::kRemove ? store::FlagOp::kRemove
                                                        : store::FlagOp::kReplace;
    change.flags = flags->flags;
    change.keywords = std::move(flags->keywords);
    change.unchanged_since = c.unchanged_since;
    auto result = co_await ctx_.store.ChangeFlags(mailbox_.id, std::move(uids), std::move(change));
    if (!result) {
      StoreFailed(tag, result.error(), "STORE");
      co_return true;
    }
    for (const auto& m : result->changed) {
      if (auto seq = view_.SeqOf(m.uid)) view_.SetFlags(*seq, m.flags, m.keywords);
      done[m.uid] = m.modseq;
    }
    for (const auto& m : result->unchanged) done[m.uid] = m.modseq;
    for (store::Uid u : result->failed) {
      if (c.uid) {
        modified.push_back(u);
      } else if (auto seq = view_.SeqOf(u)) {
        modified.push_back(*seq);
      }
    }
    std::sort(modified.begin(), modified.end());
  }
  for (uint32_t seq : *seqs) {
    auto it = done.find(view_.UidAt(seq));
    if (it == done.end()) continue;  // failed UNCHANGEDSINCE, or expunged meanwhile
    if (!c.silent) {
      WriteFlags(seq, c.uid, it->second);
    } else if (condstore_) {
      // RFC 7162 3.1.3: the new mod-sequence goes out even with .SILENT.
      Untagged(uid_only_ ? fmt::format("{}MODSEQ ({}))", FetchResponseStart(seq), it->second)
                         : fmt::format("{}UID {} MODSEQ ({}))", FetchResponseStart(seq),
                                       it->first, it->second));
      sent_modseq_ = true;
    }
  }
  const char* verb = c.uid ? "UID STORE" : "STORE";
  if (!modified.empty()) {
    TaggedOk(tag, fmt::format("[MODIFIED {}] Conditional {} failed for some messages",
                              FormatUidSet(modified), verb));
  } else {
    TaggedOk(tag, fmt::format("{} completed", verb));
  }
  co_return true;
}

}  // namespace tern::imap::session
