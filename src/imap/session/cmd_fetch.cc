// FETCH and UID FETCH (RFC 9051 6.4.5, 6.4.9; RFC 3516). Messages are answered in
// batches: their metadata (and cached structure) in one store call, \Seen set in one
// write, bodies read and responses rendered on the worker pool, and each batch written
// before the next is read, so a FETCH over a huge mailbox streams in bounded memory.
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "base/run_on_pool.h"
#include "imap/session/blob_prefix.h"
#include "imap/session/fetch_render.h"
#include "imap/session/previews.h"
#include "imap/session/session.h"
#include "mail/structure_codec.h"
#include "store/blob_store.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

constexpr size_t kFetchBatch = 256;
// Message octets one pool trip may hold in memory for BODY[]/BINARY/RFC822 items.
constexpr uint64_t kMaxRenderBytes = 8 << 20;

bool Asks(const grammar::FetchCommand& c, grammar::FetchAttribute attribute) {
  return std::any_of(c.items.begin(), c.items.end(), [&](const grammar::FetchItem& i) {
    const auto* a = std::get_if<grammar::FetchAttribute>(&i);
    return a != nullptr && *a == attribute;
  });
}

}  // namespace

asio::awaitable<bool> Session::OnFetch(const std::string& tag, const grammar::FetchCommand& asked) {
  if (asked.vanished && !qresync_) {
    Bad(tag, "VANISHED needs ENABLE QRESYNC first");  // RFC 7162 3.2.6
    co_return true;
  }
  // CHANGEDSINCE implies the MODSEQ item (RFC 7162 3.1.4.1).
  grammar::FetchCommand c = asked;
  if (c.changed_since && !Asks(c, grammar::FetchAttribute::kModSeq)) {
    c.items.push_back(grammar::FetchAttribute::kModSeq);
  }
  const bool modseq_asked = Asks(c, grammar::FetchAttribute::kModSeq);
  if (modseq_asked) EnableCondstore();
  auto seqs = ResolveSet(tag, c.set, c.uid);
  if (!seqs) co_return true;
  if (c.changed_since) {
    auto changed = co_await ctx_.store.ListMessages(mailbox_.id, *c.changed_since);
    if (!changed) {
      StoreFailed(tag, changed.error(), "FETCH");
      co_return true;
    }
    std::unordered_set<store::Uid> recent_changes;
    for (const auto& m : *changed) recent_changes.insert(m.uid);
    std::erase_if(*seqs, [&](uint32_t seq) { return !recent_changes.count(view_.UidAt(seq)); });
    // RFC 7162 3.2.6: the expunged ones first, so numbers stay as the client has them.
    if (c.vanished) {
      const bool written = co_await WriteVanishedEarlier(tag, c.set, *c.changed_since, 0);
      if (!written) co_return true;
    }
  }
  sent_modseq_ |= modseq_asked && !seqs->empty();
  const FetchNeeds needs = NeedsOf(c);
  const bool set_seen = needs.sets_seen && !read_only_;
  const bool flags_asked = Asks(c, grammar::FetchAttribute::kFlags);
  const response::TextMode mode = Mode();
  bool some_gone = false;

  Progress progress = StartProgress(tag, seqs->size());
  for (size_t start = 0; start < seqs->size(); start += kFetchBatch) {
    co_await SendProgress(progress, start);
    const size_t end = std::min(seqs->size(), start + kFetchBatch);
    std::vector<uint32_t> batch(seqs->begin() + start, seqs->begin() + end);
    std::vector<store::Uid> uids;
    for (uint32_t seq : batch) uids.push_back(view_.UidAt(seq));

    std::unordered_map<store::Uid, bool> seen_set;
    if (set_seen) {
      std::vector<store::Uid> unseen;
      for (uint32_t seq : batch) {
        if (!(view_.Flags(seq) & store::kFlagSeen)) unseen.push_back(view_.UidAt(seq));
      }
      if (!unseen.empty()) {
        store::FlagChange seen;
        seen.op = store::FlagOp::kAdd;
        seen.flags = store::kFlagSeen;
        auto changed = co_await ctx_.store.ChangeFlags(mailbox_.id, std::move(unseen), std::move(seen));
        if (!changed) {
          StoreFailed(tag, changed.error(), "FETCH");
          co_return true;
        }
        for (const auto& m : changed->changed) {
          if (auto seq = view_.SeqOf(m.uid)) {
            view_.SetFlags(*seq, m.flags, m.keywords);
            seen_set[m.uid] = true;
          }
        }
      }
    }

    std::vector<store::MessageMeta> metas;
    if (needs.metadata) {
      auto got = co_await ctx_.store.GetMessages(mailbox_.id, uids, needs.structure);
      if (!got) {
        StoreFailed(tag, got.error(), "FETCH");
        co_return true;
      }
      metas = std::move(*got);
    }
    std::unordered_map<store::Uid, const store::MessageMeta*> by_uid;
    for (const auto& m : metas) by_uid[m.uid] = &m;
    std::unordered_map<store::Uid, std::string> previews;
    if (needs.preview) {
      auto got = co_await LoadPreviews(ctx_.store, ctx_.pool, mailbox_.id, uids, needs.preview_now);
      if (!got) {
        StoreFailed(tag, got.error(), "FETCH");
        co_return true;
      }
      previews = std::move(*got);
    }

    std::vector<FetchMessage> messages;
    messages.reserve(batch.size());
    for (uint32_t seq : batch) {
      FetchMessage m;
      m.seq = seq;
      m.uid = view_.UidAt(seq);
      m.uid_only = uid_only_;
      if (needs.metadata) {
        auto it = by_uid.find(m.uid);
        if (it == by_uid.end()) {
          some_gone = true;  // expunged by another session, not yet reported
          continue;
        }
        m.meta = it->second;
      }
      if (auto p = previews.find(m.uid); p != previews.end()) m.preview = &p->second;
      m.flags_requested = flags_asked || seen_set.count(m.uid) > 0;
      if (condstore_ && seen_set.count(m.uid) > 0 && m.meta != nullptr) {
        m.uid_and_modseq = true;
        sent_modseq_ = true;
      }
      if (m.flags_requested) m.flags = FlagNames(seq);
      messages.push_back(std::move(m));
    }

    Result<std::string> rendered = std::string();
    if (!needs.structure) {
      for (const auto& m : messages) {
        if (auto s = AppendFetchResponse(*rendered, c, m, c.uid, mode); !s) rendered = Fail(s.error());
      }
    } else {
      // Bodies are held in memory while their responses are rendered: at most
      // kMaxRenderBytes of them per pool trip (and at least one message), each trip's
      // output written before the next is read.
      for (size_t next = 0; next < messages.size() && rendered;) {
        size_t stop = next;
        uint64_t held = 0;
        do {
          if (needs.content && !needs.header_only) held += static_cast<uint64_t>(messages[stop].meta->size);
          ++stop;
        } while (stop < messages.size() && held < kMaxRenderBytes);
        auto part = co_await RunOnPool(ctx_.pool.get_executor(), [&, next, stop]() -> Result<std::string> {
          std::string out;
          for (size_t i = next; i < stop; ++i) {
            auto& m = messages[i];
            auto structure = mail::DeserializeStructure(m.meta->structure);
            if (!structure) return Fail(structure.error());
            m.structure = &*structure;
            std::string content;
            if (needs.content) {
              auto bytes = needs.header_only
                               ? ReadBlobPrefix(ctx_.store.blobs(), m.meta->blob_id, structure->root.header_size)
                               : ctx_.store.blobs().ReadAll(m.meta->blob_id);
              if (!bytes) return Fail(bytes.error());
              content = std::move(*bytes);
              m.content = content;
            }
            TERN_TRY(AppendFetchResponse(out, c, m, c.uid, mode));
          }
          return out;
        });
        if (!part) {
          rendered = Fail(part.error());
        } else if (stop < messages.size()) {
          out_ += *part;
          if (!co_await Flush(true)) co_return false;
        } else {
          *rendered = std::move(*part);
        }
        next = stop;
      }
    }
    if (!rendered) {
      if (rendered.error().code == ErrorCode::kInvalidArgument) {
        TaggedNo(tag, rendered.error().public_text);
      } else {
        StoreFailed(tag, rendered.error(), "FETCH");
      }
      co_return true;
    }
    if (log_.Enabled(log::Level::kProtocol)) {
      log_.Protocol("{} S: ({} octets of FETCH responses)", conn_.peer(), rendered->size());
    }
    out_ += *rendered;
    if (!co_await Flush(true)) co_return false;
  }
  if (some_gone) {
    // RFC 9051 7.1: EXPUNGEISSUED; the expunges are reported when the rules allow.
    TaggedNo(tag, "[EXPUNGEISSUED] Some of the requested messages no longer exist");
  } else {
    TaggedOk(tag, c.uid ? "UID FETCH completed" : "FETCH completed");
  }
  co_return true;
}

}  // namespace tern::imap::session
