// SORT, UID SORT, THREAD and UID THREAD (RFC 5256; RFC 5957 SORT=DISPLAY; RFC 5267 3
// ESORT). The search is SEARCH's (MatchingMessages); the keys come from each matched
// message's cached ENVELOPE, plus the References: field read from the header for
// THREAD=REFERENCES; the ordering and threading are imap/sort's, on the worker pool.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "base/run_on_pool.h"
#include "imap/session/blob_prefix.h"
#include "imap/session/search_return.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"
#include "imap/sort/sorter.h"
#include "imap/sort/thread.h"
#include "mail/envelope.h"
#include "mail/header.h"
#include "mail/structure_codec.h"
#include "store/blob_store.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

// Messages per store round trip and pool trip: large enough that 100,000 messages take
// few trips, small enough that one trip's structures stay a few megabytes.
constexpr size_t kKeyBatch = 1024;

}  // namespace

asio::awaitable<Status> Session::VisitHeaders(const std::vector<uint32_t>& seqs,
                                              HeaderParts parts, const HeaderVisitor& visit) {
  const bool envelope = parts != HeaderParts::kNone;
  for (size_t from = 0; from < seqs.size(); from += kKeyBatch) {
    const size_t to = std::min(seqs.size(), from + kKeyBatch);
    std::unordered_map<store::Uid, uint32_t> seq_of;
    std::vector<store::Uid> uids;
    for (size_t i = from; i < to; ++i) {
      uids.push_back(view_.UidAt(seqs[i]));
      seq_of.emplace(uids.back(), seqs[i]);
    }
    auto got = co_await ctx_.store.GetMessages(mailbox_.id, uids, envelope);
    if (!got) co_return Fail(got.error());
    std::vector<store::MessageMeta> metas = std::move(*got);
    auto done = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
      for (const auto& meta : metas) {
        const uint32_t seq = seq_of.at(meta.uid);
        if (!envelope) {
          visit(seq, meta, nullptr, {});
          continue;
        }
        auto structure = mail::DeserializeStructure(meta.structure);
        std::string header;
        if (!structure || parts == HeaderParts::kEnvelopeAndReferences) {
          // Without a usable cached structure the header is read whole and parsed here.
          auto bytes = structure ? ReadBlobPrefix(ctx_.store.blobs(), meta.blob_id,
                                                  structure->root.header_size)
                                 : ctx_.store.blobs().ReadAll(meta.blob_id);
          if (!bytes) continue;  // gone meanwhile: like an expunged message
          header = std::move(*bytes);
        }
        const mail::Header parsed =
            header.empty() ? mail::Header() : mail::Header::Parse(header);
        const mail::Envelope env =
            structure ? std::move(structure->envelope) : mail::BuildEnvelope(parsed);
        std::string references;
        if (parts == HeaderParts::kEnvelopeAndReferences) {
          references = parsed.Value("References").value_or(std::string());
        }
        visit(seq, meta, &env, references);
      }
      return {};
    });
    if (!done) co_return done;
  }
  co_return Status{};
}

asio::awaitable<bool> Session::OnSort(const std::string& tag, const grammar::SortCommand& c) {
  const std::string_view name = c.uid ? "UID SORT" : "SORT";
  auto found = co_await MatchingMessages(tag, c.key, c.charset, name);
  if (!found) co_return true;

  std::vector<sort::SortRecord> records;
  records.reserve(found->size());
  const auto parts = sort::NeedsEnvelope(c.criteria) ? HeaderParts::kEnvelope : HeaderParts::kNone;
  auto loaded = co_await VisitHeaders(
      *found, parts,
      [&](uint32_t seq, const store::MessageMeta& meta, const mail::Envelope* env,
          std::string_view) {
        sort::SortRecord r;
        r.seq = seq;
        r.arrival = meta.internal_date;
        r.size = meta.size;
        if (env) sort::FillSortKeys(*env, meta.internal_date, c.criteria, r);
        records.push_back(std::move(r));
      });
  if (!loaded) {
    StoreFailed(tag, loaded.error(), name);
    co_return true;
  }
  auto sorted = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
    sort::SortRecords(records, c.criteria);
    return {};
  });
  if (!sorted) {
    StoreFailed(tag, sorted.error(), name);
    co_return true;
  }
  std::vector<uint32_t> numbers;  // in sort order: UIDs or sequence numbers
  numbers.reserve(records.size());
  for (const auto& r : records) numbers.push_back(c.uid ? view_.UidAt(r.seq) : r.seq);

  if (!c.return_options) {
    std::string line = "SORT";
    for (uint32_t n : numbers) fmt::format_to(std::back_inserter(line), " {}", n);
    Untagged(line);
  } else {
    // RFC 5267 3.1: ESEARCH, with MIN and MAX the first and last in sort order and ALL
    // in sort order; "RETURN ()" means ALL (RFC 4731 3.1).
    using R = grammar::SearchReturn;
    std::vector<R> options = *c.return_options;
    if (options.empty()) options.push_back(R::kAll);
    if (Has(options, R::kSave)) {
      // RFC 5182: "$" is a set of messages; the sort order does not survive in it.
      saved_search_.clear();
      for (uint32_t seq : *found) saved_search_.push_back(view_.UidAt(seq));
    }
    if (!(options.size() == 1 && options.front() == R::kSave)) {
      std::string line = "ESEARCH (TAG ";
      response::AppendQuoted(line, tag);
      line += ")";
      if (c.uid) line += " UID";
      if (Has(options, R::kMin) && !numbers.empty()) line += fmt::format(" MIN {}", numbers.front());
      if (Has(options, R::kMax) && !numbers.empty()) line += fmt::format(" MAX {}", numbers.back());
      if (Has(options, R::kAll) && !numbers.empty()) {
        // FormatUidSet keeps the order given and makes ranges only of ascending runs,
        // which is what RFC 5267 3.2 asks of a sorted sequence-set.
        line += " ALL " + FormatUidSet(std::vector<store::Uid>(numbers.begin(), numbers.end()));
      }
      if (Has(options, R::kCount)) line += fmt::format(" COUNT {}", numbers.size());
      Untagged(line);
    }
  }
  TaggedOk(tag, c.uid ? "UID SORT completed" : "SORT completed");
  co_return true;
}

asio::awaitable<bool> Session::OnThread(const std::string& tag, const grammar::ThreadCommand& c) {
  const std::string_view name = c.uid ? "UID THREAD" : "THREAD";
  auto found = co_await MatchingMessages(tag, c.key, c.charset, name);
  if (!found) co_return true;

  const bool references = c.algorithm == grammar::ThreadAlgorithm::kReferences;
  std::vector<sort::ThreadMessage> messages;
  messages.reserve(found->size());
  auto loaded = co_await VisitHeaders(
      *found, references ? HeaderParts::kEnvelopeAndReferences : HeaderParts::kEnvelope,
      [&](uint32_t seq, const store::MessageMeta& meta, const mail::Envelope* env,
          std::string_view refs) {
        messages.push_back(sort::MakeThreadMessage(*env, meta.internal_date, refs,
                                                   c.uid ? meta.uid : seq, seq));
      });
  if (!loaded) {
    StoreFailed(tag, loaded.error(), name);
    co_return true;
  }
  std::string line = "THREAD";
  auto threaded = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
    // ThreadReferences wants mailbox order; GetMessages answers in UID order, which is
    // the same.
    const sort::ThreadForest forest = references ? sort::ThreadReferences(messages)
                                                 : sort::ThreadOrderedSubject(messages);
    const std::string threads = sort::FormatThreads(forest);
    if (!threads.empty()) line += " " + threads;
    return {};
  });
  if (!threaded) {
    StoreFailed(tag, threaded.error(), name);
    co_return true;
  }
  Untagged(line);
  TaggedOk(tag, c.uid ? "UID THREAD completed" : "THREAD completed");
  co_return true;
}

}  // namespace tern::imap::session
