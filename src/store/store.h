#pragma once
// The mailbox store: the one interface every protocol uses for accounts, mailboxes and
// message metadata. Backends (sqlite/, later postgres/) implement it side by side;
// tests/unit/store runs one conformance suite over each.
//
// Every call returns an awaitable so that a backend with asynchronous round trips
// (PostgreSQL) can implement it without changing callers; the embedded backend runs the
// work on its own threads and resumes the caller on the caller's executor. No call
// blocks the awaiting I/O thread.
//
// Thread-safety: all methods may be called concurrently from any thread.
// Durability: a write's awaitable completes successfully only after the change is
// durable (when store.fsync is on). Concurrent writes share commits (group commit).
// Every successful write to a mailbox bumps its HIGHESTMODSEQ and is published on the
// change feed after it is durable.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/metadata.h"
#include "store/text_index.h"
#include "store/types.h"

namespace tern::store {

class BlobStore;
class ChangeFeed;

template <typename T>
using Task = boost::asio::awaitable<Result<T>>;

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- accounts -----------------------------------------------------------------
  // Names are compared case-insensitively (stored lower-case). kAlreadyExists if taken.
  virtual Task<Account> CreateAccount(NewAccount account) = 0;
  // kNotFound if there is no such account.
  virtual Task<Account> GetAccount(std::string name) = 0;
  virtual Task<std::vector<Account>> ListAccounts() = 0;
  virtual Task<Account> UpdateAccount(std::string name, AccountUpdate update) = 0;
  // Removes the account, its mailboxes and messages (blobs are released).
  virtual Task<void> DeleteAccount(std::string name) = 0;

  // --- mailboxes ----------------------------------------------------------------
  // INBOX is matched case-insensitively and created on first use by GetMailbox.
  virtual Task<Mailbox> GetMailbox(AccountId account, std::string name) = 0;
  virtual Task<std::vector<Mailbox>> ListMailboxes(AccountId account) = 0;
  // kAlreadyExists if it exists. Parents are not created implicitly.
  virtual Task<Mailbox> CreateMailbox(AccountId account, std::string name,
                                      std::string special_use) = 0;
  // Renames a mailbox and its children (new UIDVALIDITY is not needed: ids are stable).
  // kNotFound if `from` does not exist, kAlreadyExists if `to` or a child's new name does.
  // Renaming INBOX follows RFC 9051 6.3.6: `to` is created (its parents are not, as in
  // CreateMailbox), INBOX's messages move there (new UIDs, tombstones in INBOX), INBOX
  // stays, empty, and its children keep their names. Either way, all or nothing.
  virtual Task<void> RenameMailbox(AccountId account, std::string from, std::string to) = 0;
  // Deletes a mailbox and its messages; kPermissionDenied for INBOX.
  virtual Task<void> DeleteMailbox(AccountId account, std::string name) = 0;
  virtual Task<void> SetSubscribed(AccountId account, std::string name, bool subscribed) = 0;
  virtual Task<std::vector<std::string>> ListSubscriptions(AccountId account) = 0;

  // --- messages -----------------------------------------------------------------
  // Appends each request independently (one may fail with kOverQuota or kNotFound while
  // the others succeed) but durably in one commit. The result vector is parallel to
  // `requests`. UIDs are strictly increasing per mailbox; modseqs per mailbox too.
  virtual Task<std::vector<Result<AppendResult>>> AppendMany(
      std::vector<AppendRequest> requests) = 0;
  // Metadata of the mailbox's messages in UID order; with changed_since > 0 only those
  // whose modseq is greater.
  virtual Task<std::vector<MessageMeta>> ListMessages(MailboxId mailbox, ModSeq changed_since) = 0;
  // Metadata of the listed messages of the mailbox (those that exist), in UID order; with
  // `with_structure`, MessageMeta::structure carries the cached structure too. For FETCH
  // and SEARCH, which work through a mailbox in batches of UIDs.
  virtual Task<std::vector<MessageMeta>> GetMessages(MailboxId mailbox, std::vector<Uid> uids,
                                                     bool with_structure) = 0;
  // SORT, THREAD and PREVIEW's view of messages, in one read: UID, internal date, size
  // and blob of the listed messages of the mailbox (those that exist; every message when
  // `uids` is empty), in UID order, with the summary part `part` of each body
  // (message_summary.h) where the indexer has made it, else the cached structure.
  virtual Task<std::vector<SummaryRow>> GetSummaries(MailboxId mailbox, std::vector<Uid> uids,
                                                     SummaryPart part) = 0;
  // The cached structure (mail::SerializeStructure) of one message; kNotFound if gone.
  virtual Task<std::string> GetStructure(MailboxId mailbox, Uid uid) = 0;
  virtual Task<FlagChangeResult> ChangeFlags(MailboxId mailbox, std::vector<Uid> uids,
                                             FlagChange change) = 0;
  // Removes the messages, leaving tombstones (uid, modseq) for resynchronisation.
  // UIDs that do not exist are ignored.
  virtual Task<ExpungeResult> Expunge(MailboxId mailbox, std::vector<Uid> uids) = 0;
  // Copies the messages `uids` of `from` (those that exist; the rest are skipped) into
  // `to` in ascending UID order: consecutive new UIDs from `to`'s UIDNEXT, one new modseq
  // of `to`, save date now; flags, keywords, internal date, size, structure and the body
  // (shared, not duplicated) are kept, and so is the email id (RFC 8474 5.1: a copy's
  // EMAILID is its source's).
  // With `move`, the sources are then expunged as by Expunge, in the same transaction.
  // Copies count against the quota of `to`'s account (a move within one account takes
  // nothing new): kOverQuota if they do not fit, and nothing changes. kNotFound if either
  // mailbox is missing; kInvalidArgument for a move onto itself (a copy may: RFC 9051
  // 6.4.7); kLimit if `to` runs out of UIDs. Both mailboxes are published on the change
  // feed once durable. Copying nothing changes nothing and reports the current modseqs.
  virtual Task<CopyResult> CopyMessages(MailboxId from, std::vector<Uid> uids, MailboxId to,
                                        bool move) = 0;
  // UIDs expunged after `since` (from tombstones), ascending. kLimit when an expunge
  // after `since` may be forgotten (PruneTombstones pruned past it): the caller must then
  // treat every UID it knows of and cannot find as expunged (RFC 7162 3.2.6's note).
  virtual Task<std::vector<Uid>> Vanished(MailboxId mailbox, ModSeq since) = 0;
  // Forgets the tombstones of expunges before `expunged_before`, for every mailbox, and
  // records per mailbox the highest mod-sequence forgotten; returns how many went.
  virtual Task<int64_t> PruneTombstones(UnixTime expunged_before) = 0;
  // Appends every request or none (RFC 3502 MULTIAPPEND): one transaction, one commit.
  // The first request that fails (kOverQuota, kNotFound, kLimit, kInvalidArgument) fails
  // the call with its error and nothing is stored. On success the results are parallel to
  // `requests`; UIDs and modseqs increase in request order.
  virtual Task<std::vector<AppendResult>> AppendAll(std::vector<AppendRequest> requests) = 0;
  // Replaces message `uid` of `mailbox` with `request` (RFC 8508 REPLACE) in one
  // transaction: the old message is expunged as by Expunge (tombstone) and the new one
  // appended as by AppendMany, to `request.mailbox` (the same mailbox or another of the
  // account). Quota counts the net change only (RFC 8508 3.4). kNotFound if the old
  // message no longer exists; any error leaves both mailboxes as they were.
  virtual Task<ReplaceResult> ReplaceMessage(MailboxId mailbox, Uid uid,
                                             AppendRequest request) = 0;

  // --- annotations (IMAP METADATA, RFC 5464; see metadata.h) ----------------------
  // The entries of `account` on `mailbox` ("" for the server) that `query` reaches, with
  // DEPTH and MAXSIZE applied here (long values are not read). kNotFound if the mailbox
  // does not exist.
  virtual Task<MetadataValues> GetMetadata(AccountId account, std::string mailbox,
                                           MetadataQuery query) = 0;
  // Applies `changes` in order, all or none, in one durable write. Fails, changing
  // nothing, with kNotFound (no such mailbox), kInvalidArgument (a name that is not
  // IsValidMetadataName), kTooLarge (a value above limits.max_value_size) or kLimit (the
  // mailbox, or the server, would hold more than limits.max_entries entries of the
  // account, and more than before: lowering the limit never blocks deletes or updates).
  // Entries follow their mailbox through RENAME and go with it on DELETE; renaming INBOX
  // copies them to the new mailbox (RFC 5464 4.1). A change to a mailbox's entries
  // raises its HIGHESTMODSEQ (RFC 7162 3.2) and is published; server entries are not.
  virtual Task<void> SetMetadata(AccountId account, std::string mailbox,
                                 std::vector<MetadataChange> changes, MetadataLimits limits) = 0;

  // --- full-text index (text_index.h) ---------------------------------------------
  // The messages of `mailbox` that may match `query`, among those indexed so far, as of
  // one consistent moment. A store without an index (or with indexing off) answers
  // indexed_below 1: nothing is indexed. kNotFound if the mailbox does not exist.
  virtual Task<TextCandidates> FindText(MailboxId mailbox, TextQuery query) = 0;
  // Of `uids` of `mailbox`, those the index holds the text of (indexed, as of one
  // consistent moment), each with which of `terms` occur in it (StoredTextMatch),
  // ascending by UID; the others are left out and must be read. Precondition: at most
  // kMaxStoredTextTerms terms, each IsStoredTextTerm. A store without an index answers
  // nothing.
  virtual Task<std::vector<StoredTextMatch>> MatchStoredText(MailboxId mailbox,
                                                             std::vector<Uid> uids,
                                                             std::vector<TextTerm> terms) = 0;

  // --- POP3 ---------------------------------------------------------------------
  // UIDs a POP3 view (1..31) has already downloaded from the mailbox, ascending.
  virtual Task<std::vector<Uid>> ListPopDownloaded(MailboxId mailbox, int view) = 0;
  // Applies a POP3 session's UPDATE state in one transaction: records what the view
  // downloaded, moves and expunges. UIDs already gone are ignored (another session of
  // another protocol may have expunged them meanwhile).
  virtual Task<void> ApplyPopUpdate(PopUpdate update) = 0;

  // The blob storage holding message bodies; owned by the store, valid as long as it.
  virtual BlobStore& blobs() = 0;
  // The change feed; owned by the store, valid as long as it.
  virtual ChangeFeed& changes() = 0;

  // Convenience over AppendMany for one message.
  Task<AppendResult> Append(AppendRequest request);
};

}  // namespace tern::store
