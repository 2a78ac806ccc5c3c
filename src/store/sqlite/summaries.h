#pragma once
// The SQLite side of message summaries (store/message_summary.h; schema
// 0010_message_summaries.sql): reading them with their messages and writing them for the
// indexer. Synchronous, over one connection, like ops.h.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/message_summary.h"
#include "store/sqlite/connection.h"

namespace tern::store::sqlite {

// Store::GetSummaries.
Result<std::vector<SummaryRow>> GetSummaries(Connection& db, MailboxId mailbox,
                                             std::vector<Uid> uids, SummaryPart part);

// Records the summary of body `blob_id`, replacing any, unless no message holds the body
// any more (its last one expunged since the indexer read it: the row would outlive it).
// Runs inside the writer's transaction.
Status WriteSummary(Connection& db, std::string_view blob_id, const MessageSummary& summary);

// The References list as the refs column holds it, and back: each msg-id as its decimal
// length, ':' and its octets. DecodeReferences stops at the first malformed entry.
std::string EncodeReferences(const std::vector<std::string>& ids);
std::vector<std::string> DecodeReferences(std::string_view encoded);

}  // namespace tern::store::sqlite
