// SEARCH and UID SEARCH (RFC 9051 6.4.4, RFC 4731 ESEARCH, RFC 5182 SEARCHRES). The
// matching is imap/search's; here messages are loaded in batches, as little of each as
// the search program needs, and the answer is written in the form the client asked for.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "base/run_on_pool.h"
#include "imap/grammar/syntax.h"
#include "imap/search/index_plan.h"
#include "imap/search/matcher.h"
#include "imap/session/blob_prefix.h"
#include "imap/session/search_return.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"
#include "mail/structure_codec.h"
#include "store/blob_store.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

constexpr size_t kSearchBatch = 256;

bool UsesKey(const grammar::SearchKey& key, grammar::SearchKeyKind kind) {
  if (key.kind == kind) return true;
  return std::any_of(key.children.begin(), key.children.end(),
                     [&](const grammar::SearchKey& child) { return UsesKey(child, kind); });
}

// True for ALL, alone or in a parenthesised list of ALLs (the top level is one).
bool MatchesEverything(const grammar::SearchKey& key) {
  if (key.kind == grammar::SearchKeyKind::kAll) return true;
  return key.kind == grammar::SearchKeyKind::kAnd &&
         std::all_of(key.children.begin(), key.children.end(), MatchesEverything);
}

}  // namespace

asio::awaitable<Result<std::vector<uint32_t>>> Session::MatchBatch(
    const search::Matcher& matcher, const search::MailboxFacts& facts,
    std::vector<search::Candidate>& batch) {
  std::vector<uint32_t> decided;  // matched by the index's stored text
  if (!matcher.stored_text_terms().empty() && !batch.empty()) {
    // The index holds the very text the matcher would decode (store/text_index.h), so
    // its indexed messages are decided there, in one round trip, unless a key needs what
    // that text cannot tell; only the rest are read. If the store cannot answer, all are.
    std::vector<store::Uid> uids;
    for (const auto& p : batch) uids.push_back(p.meta->uid);
    std::vector<store::TextTerm> terms = matcher.stored_text_terms();
    auto stored =
        co_await ctx_.store.MatchStoredText(mailbox_.id, std::move(uids), std::move(terms));
    if (stored && !stored->empty()) {
      std::unordered_map<store::Uid, uint64_t> found;
      for (const store::StoredTextMatch& m : *stored) found.emplace(m.uid, m.found);
      std::vector<search::Candidate> rest;
      for (const search::Candidate& cand : batch) {
        auto it = found.find(cand.meta->uid);
        std::optional<bool> known;
        if (it != found.end()) known = matcher.MatchesStoredText(cand, facts, it->second);
        if (!known) {
          rest.push_back(cand);
        } else if (*known) {
          decided.push_back(cand.seq);
        }
      }
      batch = std::move(rest);
    }
  }
  if (batch.empty()) co_return decided;
  const bool full = matcher.needs() == search::Needs::kMessage;
  std::vector<store::Uid> uids;
  for (const auto& p : batch) uids.push_back(p.meta->uid);
  auto got = co_await ctx_.store.GetMessages(mailbox_.id, uids, true);
  if (!got) co_return Fail(got.error());
  std::vector<store::MessageMeta> with_structure = std::move(*got);
  auto hits = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Result<std::vector<uint32_t>> {
    std::unordered_map<store::Uid, const store::MessageMeta*> structures;
    for (const auto& m : with_structure) structures[m.uid] = &m;
    std::vector<uint32_t> out = std::move(decided);
    for (auto& cand : batch) {
      auto it = structures.find(cand.meta->uid);
      if (it == structures.end()) continue;
      auto structure = mail::DeserializeStructure(it->second->structure);
      // Header keys read only the header (its size is in the cached structure).
      auto bytes = !structure ? ctx_.store.blobs().ReadAll(cand.meta->blob_id)
                   : full     ? ctx_.store.blobs().ReadAll(cand.meta->blob_id)
                              : ReadBlobPrefix(ctx_.store.blobs(), cand.meta->blob_id,
                                               structure->root.header_size);
      if (!bytes) continue;
      cand.message = *bytes;
      cand.structure = full && structure ? &*structure : nullptr;
      if (matcher.Matches(cand, facts)) out.push_back(cand.seq);
    }
    return out;
  });
  co_return hits;
}

asio::awaitable<std::optional<std::vector<uint32_t>>> Session::MatchingMessages(
    const std::string& tag, const grammar::SearchKey& key,
    const std::optional<std::string>& charset, std::string_view command,
    std::vector<store::ModSeq>* modseqs, bool checked) {
  // RFC 6855 3: after ENABLE UTF8=ACCEPT strings are UTF-8, so another charset label
  // conflicts (SEARCH should have none, SORT and THREAD UTF-8).
  if (utf8_accept_ && charset && !grammar::EqualsIgnoreCase(*charset, "UTF-8")) {
    Bad(tag, "Only UTF-8 after ENABLE UTF8=ACCEPT");
    co_return std::nullopt;
  }
  auto matcher = search::Matcher::Create(key, charset);
  if (!matcher) {
    if (matcher.error().code == ErrorCode::kNotFound) {
      std::string list;
      for (auto cs : search::SupportedCharsets()) {
        if (!list.empty()) list += ' ';
        list += cs;
      }
      TaggedNo(tag, fmt::format("[BADCHARSET ({})] Unsupported charset", list));
    } else {
      Bad(tag, matcher.error().public_text);
    }
    co_return std::nullopt;
  }
  if (!checked && !modseqs && MatchesEverything(key)) {
    // SORT or THREAD ALL on a large mailbox: reading every message's metadata here would
    // only keep them all.
    std::vector<uint32_t> all(view_.exists());
    std::iota(all.begin(), all.end(), 1u);
    co_return all;
  }
  search::MailboxFacts facts;
  facts.exists = view_.exists();
  facts.max_uid = view_.MaxUid();
  std::vector<store::Uid> saved = saved_search_;
  std::sort(saved.begin(), saved.end());
  facts.saved = &saved;

  // When the program can only match messages holding some text, the full-text index
  // names those that may (index_plan.h): only they, and the messages it has not reached
  // yet, are looked at. If it cannot answer, every message is, which is slower only.
  std::optional<store::TextCandidates> narrowed;
  if (auto text_query = search::PlanTextQuery(key, charset)) {
    auto found = co_await ctx_.store.FindText(mailbox_.id, std::move(*text_query));
    if (found) narrowed = std::move(*found);
  }
  Result<std::vector<store::MessageMeta>> all = std::vector<store::MessageMeta>{};
  if (narrowed) {
    std::vector<store::Uid> uids = std::move(narrowed->uids);
    for (uint32_t seq = view_.exists(); seq >= 1 && view_.UidAt(seq) >= narrowed->indexed_below;
         --seq) {
      uids.push_back(view_.UidAt(seq));
    }
    all = co_await ctx_.store.GetMessages(mailbox_.id, std::move(uids), false);
  } else {
    all = co_await ctx_.store.ListMessages(mailbox_.id, 0);
  }
  if (!all) {
    StoreFailed(tag, all.error(), command);
    co_return std::nullopt;
  }
  std::unordered_map<store::Uid, const store::MessageMeta*> by_uid;
  for (const auto& m : *all) by_uid[m.uid] = &m;

  std::vector<uint32_t> matched;
  std::vector<search::Candidate> pending;  // need the message itself
  for (uint32_t seq = 1; seq <= view_.exists(); ++seq) {
    auto it = by_uid.find(view_.UidAt(seq));
    if (it == by_uid.end()) continue;  // expunged by another session
    search::Candidate cand;
    cand.seq = seq;
    cand.meta = it->second;
    cand.recent = !rev2_ && view_.IsRecent(seq);
    if (auto early = matcher->MatchesMetadata(cand, facts)) {
      if (*early) matched.push_back(seq);
      continue;
    }
    if (matcher->needs() == search::Needs::kMetadata) {
      if (matcher->Matches(cand, facts)) matched.push_back(seq);
      continue;
    }
    pending.push_back(cand);
  }
  // Every message is decided but those pending; RFC 9585 progress counts them.
  Progress progress = StartProgress(tag, view_.exists());
  for (size_t from = 0; from < pending.size(); from += kSearchBatch) {
    co_await SendProgress(progress, view_.exists() - pending.size() + from);
    std::vector<search::Candidate> batch(
        pending.begin() + from, pending.begin() + std::min(pending.size(), from + kSearchBatch));
    auto hits = co_await MatchBatch(*matcher, facts, batch);
    if (!hits) {
      StoreFailed(tag, hits.error(), command);
      co_return std::nullopt;
    }
    matched.insert(matched.end(), hits->begin(), hits->end());
  }
  std::sort(matched.begin(), matched.end());
  if (modseqs) {
    for (uint32_t seq : matched) modseqs->push_back(by_uid.at(view_.UidAt(seq))->modseq);
  }
  co_return matched;
}

asio::awaitable<bool> Session::OnSearch(const std::string& tag, const grammar::SearchCommand& c) {
  // RFC 7162 3.1.5: a MODSEQ key enables CONDSTORE and adds the highest mod-sequence
  // of what is returned to the response.
  const bool modseq_key = UsesKey(c.key, grammar::SearchKeyKind::kModSeq);
  if (modseq_key) EnableCondstore();
  std::vector<store::ModSeq> modseqs;
  auto found = co_await MatchingMessages(tag, c.key, c.charset, c.uid ? "UID SEARCH" : "SEARCH",
                                         modseq_key ? &modseqs : nullptr);
  if (!found) co_return true;
  const std::vector<uint32_t>& matched = *found;

  std::vector<uint32_t> numbers;  // what the client asked for: UIDs or sequence numbers
  for (uint32_t seq : matched) numbers.push_back(c.uid ? view_.UidAt(seq) : seq);

  using R = grammar::SearchReturn;
  std::vector<R> options = c.return_options.value_or(std::vector<R>{});
  if (c.return_options && options.empty()) options.push_back(R::kAll);  // RFC 4731 3.1
  if (Has(options, R::kSave)) {
    saved_search_.clear();
    for (uint32_t seq : matched) saved_search_.push_back(view_.UidAt(seq));
  }
  const bool only_save = options.size() == 1 && options.front() == R::kSave;
  if (!c.return_options && !rev2_) {
    std::string line = "SEARCH";
    for (uint32_t n : numbers) line += fmt::format(" {}", n);
    if (!modseqs.empty()) {
      line += fmt::format(" (MODSEQ {})", *std::max_element(modseqs.begin(), modseqs.end()));
    }
    Untagged(line);
  } else if (!only_save) {
    // IMAP4rev2 answers every SEARCH with ESEARCH (RFC 9051 6.4.4); without RETURN that
    // is ALL.
    if (!c.return_options) options = {R::kAll};
    std::string line = EsearchLine(tag, c.uid, options, numbers);
    if (!modseqs.empty()) {
      // RFC 4731 3.2: of the messages returned; MIN and MAX alone return one or two.
      store::ModSeq highest = 0;
      if (Has(options, R::kAll) || Has(options, R::kCount)) {
        highest = *std::max_element(modseqs.begin(), modseqs.end());
      } else {
        if (Has(options, R::kMin)) highest = modseqs.front();
        if (Has(options, R::kMax)) highest = std::max(highest, modseqs.back());
      }
      line += fmt::format(" MODSEQ {}", highest);
    }
    Untagged(line);
  }
  TaggedOk(tag, c.uid ? "UID SEARCH completed" : "SEARCH completed");
  co_return true;
}

}  // namespace tern::imap::session
