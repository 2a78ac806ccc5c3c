#pragma once
// The store's operations as synchronous functions over one SQLite connection. The
// threading (reader pool, group-commit writer) is sqlite_store.cc's business; these run
// on whatever connection they are given.
//
// Write operations expect to run inside a transaction (the writer's batch, within a
// savepoint) and append one (mailbox, new modseq) per changed mailbox to `events`; the
// writer publishes them after the commit is durable. Read operations may run outside.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "store/metadata.h"
#include "store/sqlite/connection.h"
#include "store/types.h"

namespace tern::store::sqlite {

using ChangeEvents = std::vector<std::pair<MailboxId, ModSeq>>;

namespace ops {

// --- reads ------------------------------------------------------------------------
Result<Account> GetAccount(Connection& db, std::string_view name);
Result<std::vector<Account>> ListAccounts(Connection& db);
// kNotFound if missing (INBOX too: creating it is a write, see EnsureInbox).
Result<Mailbox> GetMailbox(Connection& db, AccountId account, std::string_view name);
Result<std::vector<Mailbox>> ListMailboxes(Connection& db, AccountId account);
Result<std::vector<std::string>> ListSubscriptions(Connection& db, AccountId account);
Result<std::vector<MessageMeta>> ListMessages(Connection& db, MailboxId mailbox,
                                              ModSeq changed_since);
Result<std::vector<MessageMeta>> GetMessages(Connection& db, MailboxId mailbox,
                                             std::vector<Uid> uids, bool with_structure);
Result<std::string> GetStructure(Connection& db, MailboxId mailbox, Uid uid);
Result<std::vector<Uid>> Vanished(Connection& db, MailboxId mailbox, ModSeq since);
Result<int64_t> PruneTombstones(Connection& db, UnixTime expunged_before);
Result<std::vector<Uid>> ListPopDownloaded(Connection& db, MailboxId mailbox, int view);
// The body of an inline blob; empty if the blob is not inline (a file, or none).
Result<std::optional<std::string>> GetInlineBody(Connection& db, std::string_view blob_id);

// --- writes -----------------------------------------------------------------------
Result<Account> CreateAccount(Connection& db, const NewAccount& account);
Result<Account> UpdateAccount(Connection& db, std::string_view name, const AccountUpdate& update);
Status DeleteAccount(Connection& db, std::string_view name, ChangeEvents& events);
// Returns INBOX, creating it if the account has none yet. kNotFound for no account.
Result<Mailbox> EnsureInbox(Connection& db, AccountId account);
Result<Mailbox> CreateMailbox(Connection& db, AccountId account, std::string_view name,
                              std::string_view special_use);
Status RenameMailbox(Connection& db, AccountId account, std::string_view from, std::string_view to,
                     ChangeEvents& events);
Status DeleteMailbox(Connection& db, AccountId account, std::string_view name,
                     ChangeEvents& events);
Status SetSubscribed(Connection& db, AccountId account, std::string_view name, bool subscribed);
// Each request runs in its own savepoint: a failing one leaves no trace and the others
// still apply. The result is parallel to `requests`.
Result<std::vector<Result<AppendResult>>> AppendMany(Connection& db,
                                                     const std::vector<AppendRequest>& requests,
                                                     ChangeEvents& events);
// Store::AppendAll: a failing request fails the whole call (the caller's savepoint undoes
// the requests before it).
Result<std::vector<AppendResult>> AppendAll(Connection& db,
                                            const std::vector<AppendRequest>& requests,
                                            ChangeEvents& events);
// Store::ReplaceMessage.
Result<ReplaceResult> ReplaceMessage(Connection& db, MailboxId mailbox, Uid uid,
                                     const AppendRequest& request, ChangeEvents& events);
Result<FlagChangeResult> ChangeFlags(Connection& db, MailboxId mailbox, std::vector<Uid> uids,
                                     const FlagChange& change, ChangeEvents& events);
Result<ExpungeResult> Expunge(Connection& db, MailboxId mailbox, std::vector<Uid> uids,
                              ChangeEvents& events);
// Store::CopyMessages.
Result<CopyResult> CopyMessages(Connection& db, MailboxId from, std::vector<Uid> uids, MailboxId to,
                                bool move, ChangeEvents& events);
Status ApplyPopUpdate(Connection& db, const PopUpdate& update, ChangeEvents& events);
// Store::GetMetadata (a read) and Store::SetMetadata (a write; the caller's savepoint
// undoes a failed one).
Result<MetadataValues> GetMetadata(Connection& db, AccountId account, std::string_view mailbox,
                                   const MetadataQuery& query);
Status SetMetadata(Connection& db, AccountId account, std::string_view mailbox,
                   const std::vector<MetadataChange>& changes, const MetadataLimits& limits,
                   ChangeEvents& events);

}  // namespace ops
}  // namespace tern::store::sqlite
