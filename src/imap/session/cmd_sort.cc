// SORT, UID SORT, THREAD and UID THREAD (RFC 5256; RFC 5957 SORT=DISPLAY; RFC 5267 3
// ESORT). The search is SEARCH's (MatchingMessages); the keys come from each matched
// message's summary (store/message_summary.h), which the store keeps for indexed
// messages and this file computes for the others; the ordering and threading are
// imap/sort's, on the worker pool.
#include <fmt/format.h>

#include <algorithm>

#include "base/run_on_pool.h"
#include "imap/session/blob_prefix.h"
#include "imap/session/search_return.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"
#include "imap/sort/sorter.h"
#include "imap/sort/summary.h"
#include "imap/sort/thread.h"
#include "mail/envelope.h"
#include "mail/header.h"
#include "mail/structure_codec.h"
#include "store/blob_store.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

// Messages per store read: a 100,000-message mailbox takes a few reads, and the cached
// structures of messages without a summary (all of them, with the indexer off) stay a
// few megabytes per read.
constexpr size_t kSummaryBatch = 8192;

}  // namespace

asio::awaitable<Result<std::vector<Session::SummarizedMessage>>> Session::LoadSummaries(
    const std::vector<uint32_t>& seqs, SummaryNeeds needs) {
  const store::SummaryPart part =
      needs == SummaryNeeds::kNone ? store::SummaryPart::kNone : store::SummaryPart::kSortKeys;
  std::vector<SummarizedMessage> out;
  out.reserve(seqs.size());
  for (size_t from = 0; from < seqs.size(); from += kSummaryBatch) {
    const size_t to = std::min(seqs.size(), from + kSummaryBatch);
    std::vector<store::Uid> uids;
    uids.reserve(to - from);
    for (size_t i = from; i < to; ++i) uids.push_back(view_.UidAt(seqs[i]));
    auto got = co_await ctx_.store.GetSummaries(mailbox_.id, uids, part);
    if (!got) co_return Fail(got.error());
    // Rows and `seqs` both ascend (UIDs ascend with sequence numbers); gone ones are
    // missing from the rows.
    const size_t first = out.size();
    size_t i = from;
    for (store::SummaryRow& row : *got) {
      while (i < to && view_.UidAt(seqs[i]) < row.uid) ++i;
      if (i == to) break;
      out.push_back(SummarizedMessage{seqs[i], std::move(row)});
    }
    const bool all_summarised =
        std::all_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                    [](const SummarizedMessage& m) { return m.row.summary.has_value(); });
    if (part == store::SummaryPart::kNone || all_summarised) continue;
    const bool references = needs == SummaryNeeds::kThreadKeys;
    auto done = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
      for (size_t k = first; k < out.size(); ++k) {
        store::SummaryRow& row = out[k].row;
        if (row.summary) continue;
        auto structure = mail::DeserializeStructure(row.structure);
        std::string header;
        if (!structure || references) {
          // Without a usable cached structure the header is read whole and parsed here.
          auto bytes = structure ? ReadBlobPrefix(ctx_.store.blobs(), row.blob_id,
                                                  structure->root.header_size)
                                 : ctx_.store.blobs().ReadAll(row.blob_id);
          if (!bytes) {
            out[k].seq = 0;  // gone meanwhile: like an expunged message
            continue;
          }
          header = std::move(*bytes);
        }
        const mail::Header parsed = header.empty() ? mail::Header() : mail::Header::Parse(header);
        const mail::Envelope env =
            structure ? std::move(structure->envelope) : mail::BuildEnvelope(parsed);
        row.summary = sort::SummarizeHeader(
            env, references ? parsed.Value("References").value_or(std::string()) : std::string());
        row.structure.clear();
      }
      return {};
    });
    if (!done) co_return Fail(done.error());
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                             [](const SummarizedMessage& m) { return m.seq == 0; }),
              out.end());
  }
  co_return out;
}

asio::awaitable<bool> Session::OnSort(const std::string& tag, const grammar::SortCommand& c) {
  const std::string_view name = c.uid ? "UID SORT" : "SORT";
  auto found = co_await MatchingMessages(tag, c.key, c.charset, name, nullptr, false);
  if (!found) co_return true;

  auto loaded = co_await LoadSummaries(
      *found, sort::NeedsSummary(c.criteria) ? SummaryNeeds::kSortKeys : SummaryNeeds::kNone);
  if (!loaded) {
    StoreFailed(tag, loaded.error(), name);
    co_return true;
  }
  std::vector<sort::SortRecord> records;
  auto sorted = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
    records.reserve(loaded->size());
    for (SummarizedMessage& m : *loaded) {
      sort::SortRecord r;
      r.seq = m.seq;
      r.arrival = m.row.internal_date;
      r.size = m.row.size;
      if (m.row.summary) {
        sort::FillSortKeys(std::move(*m.row.summary), m.row.internal_date, c.criteria, r);
      }
      records.push_back(std::move(r));
    }
    loaded->clear();
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
      Untagged(EsearchLine(tag, c.uid, options, numbers));
    }
  }
  TaggedOk(tag, c.uid ? "UID SORT completed" : "SORT completed");
  co_return true;
}

asio::awaitable<bool> Session::OnThread(const std::string& tag, const grammar::ThreadCommand& c) {
  const std::string_view name = c.uid ? "UID THREAD" : "THREAD";
  auto found = co_await MatchingMessages(tag, c.key, c.charset, name, nullptr, false);
  if (!found) co_return true;

  const bool references = c.algorithm == grammar::ThreadAlgorithm::kReferences;
  auto loaded = co_await LoadSummaries(
      *found, references ? SummaryNeeds::kThreadKeys : SummaryNeeds::kSortKeys);
  if (!loaded) {
    StoreFailed(tag, loaded.error(), name);
    co_return true;
  }
  std::string line = "THREAD";
  auto threaded = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
    std::vector<sort::ThreadMessage> messages;
    messages.reserve(loaded->size());
    for (SummarizedMessage& m : *loaded) {
      messages.push_back(sort::MakeThreadMessage(std::move(*m.row.summary), m.row.internal_date,
                                                 c.uid ? m.row.uid : m.seq, m.seq));
    }
    loaded->clear();
    // ThreadReferences wants mailbox order, which LoadSummaries keeps.
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
