#pragma once
// The SQLite side of the full-text index (store/text_index.h; schema 0006_text_index.sql):
// the SQL of a search, of what the indexer picks up next and of what it writes back.
// Synchronous, over one connection, like ops.h; sqlite_store.cc and text_indexer.cc
// decide the threads.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/sqlite/connection.h"
#include "store/text_index.h"

namespace tern::store::sqlite {

// Store::FindText. Reads in one transaction, so the watermark and the candidates are of
// the same moment.
Result<TextCandidates> FindText(Connection& db, MailboxId mailbox, const TextQuery& query);

// Store::MatchStoredText: the terms are looked for with instr() in the stored rows of the
// messages, in one statement, in one read transaction with the watermark.
Result<std::vector<StoredTextMatch>> MatchStoredText(Connection& db, MailboxId mailbox,
                                                     const std::vector<Uid>& uids,
                                                     const std::vector<TextTerm>& terms);

// The FTS5 MATCH expression for `query`: each term becomes the AND of (at most
// kMaxTrigramsPerTerm of) its distinct trigrams within its column, a conjunction the AND
// of its terms, the query the OR of its conjunctions. Terms that are not
// IsIndexableNeedle are left out (the filter only widens); nullopt when some
// conjunction is left with no term at all, which every message matches.
std::optional<std::string> TextMatchExpression(const TextQuery& query);
inline constexpr std::size_t kMaxTrigramsPerTerm = 12;

// Messages of one mailbox waiting for the indexer, oldest first.
struct TextWork {
  MailboxId mailbox = 0;
  uint32_t uid_validity = 0;  // to notice a mailbox deleted and its id used again
  struct Message {
    Uid uid = 0;
    std::string blob_id;
    std::string structure;
  };
  std::vector<Message> messages;
  // The watermark once `messages` are indexed: past the last of them, or the mailbox's
  // UIDNEXT when they are all it has left.
  Uid next_uid = 1;
};

// The next work of at most `limit` messages, from some mailbox whose watermark is below
// its UIDNEXT; nullopt when every mailbox is indexed. One read transaction.
Result<std::optional<TextWork>> NextTextWork(Connection& db, std::size_t limit);

struct IndexedMessage {
  Uid uid = 0;
  IndexText text;
};

// Writes `messages` of `work` (messages expunged meanwhile are skipped) and advances the
// mailbox's watermark to work.next_uid; nothing if the mailbox is gone or is another
// mailbox now (UIDVALIDITY differs). Runs inside the writer's transaction.
Status WriteTextIndex(Connection& db, const TextWork& work,
                      const std::vector<IndexedMessage>& messages);

}  // namespace tern::store::sqlite
