#pragma once
// Plain value types shared by every store backend and its callers. No I/O here.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tern::store {

using AccountId = int64_t;
using MailboxId = int64_t;
using Uid = uint32_t;
using ModSeq = uint64_t;
using UnixTime = int64_t;  // seconds since the epoch, UTC

// Services an account may use (per-account service rights). A bit set.
enum ServiceBit : uint32_t {
  kServiceImap = 1u << 0,
  kServicePop = 1u << 1,
  kServiceSmtp = 1u << 2,
  kServiceHttp = 1u << 3,
};
inline constexpr uint32_t kAllServices = kServiceImap | kServicePop | kServiceSmtp | kServiceHttp;

// System flags (RFC 9051 2.3.2) kept per message. \Recent is per session, not stored.
enum FlagBit : uint32_t {
  kFlagSeen = 1u << 0,
  kFlagAnswered = 1u << 1,
  kFlagFlagged = 1u << 2,
  kFlagDeleted = 1u << 3,
  kFlagDraft = 1u << 4,
};

struct Account {
  AccountId id = 0;
  std::string name;           // "alice" or "alice@example.org", stored lower-case
  std::string password_hash;  // PHC string ($argon2id$...); never logged
  int64_t quota_bytes = 0;    // 0: unlimited
  int64_t used_bytes = 0;     // sum of the sizes of the account's messages
  int64_t quota_messages = 0;  // most messages the account may hold; 0: unlimited
  int64_t used_messages = 0;   // how many messages the account holds
  uint32_t services = kAllServices;
  bool enabled = true;
  UnixTime created = 0;
  std::string scram;        // SCRAM-SHA-256 keys in text form (sasl::FormatScram), or empty
  std::string pop_options;  // default POP3 login options set by the administrator
  std::string apop_secret;  // the password sealed by auth::SecretBox, or empty: no APOP
};

// A mailbox created together with an account, e.g. the RFC 6154 special-use folders.
struct InitialMailbox {
  std::string name;
  std::string special_use;  // "\\Sent", "\\Trash", ... or empty
};

struct NewAccount {
  std::string name;
  std::string password_hash;
  int64_t quota_bytes = 0;
  int64_t quota_messages = 0;
  uint32_t services = kAllServices;
  bool enabled = true;
  std::string scram;
  std::string pop_options;
  std::string apop_secret;
  std::vector<InitialMailbox> mailboxes;  // created with the account, besides INBOX
};

// Fields left empty are not changed.
struct AccountUpdate {
  std::optional<std::string> password_hash;
  std::optional<int64_t> quota_bytes;
  std::optional<int64_t> quota_messages;
  std::optional<uint32_t> services;
  std::optional<bool> enabled;
  std::optional<std::string> scram;
  std::optional<std::string> pop_options;
  std::optional<std::string> apop_secret;
};

struct Mailbox {
  MailboxId id = 0;
  AccountId account = 0;
  std::string name;  // full hierarchical name, "/"-delimited, UTF-8; "INBOX" for the inbox
  uint32_t uid_validity = 0;
  Uid uid_next = 1;
  ModSeq highest_modseq = 0;
  uint32_t messages = 0;
  uint32_t unseen = 0;
  uint32_t deleted = 0;     // messages flagged \Deleted (IMAP STATUS DELETED, RFC 9051 6.3.11)
  int64_t size = 0;         // sum of message sizes
  std::string special_use;  // "\\Sent", "\\Trash", ... or empty
};

struct MessageMeta {
  Uid uid = 0;
  ModSeq modseq = 0;
  uint32_t flags = 0;                 // FlagBit set
  std::vector<std::string> keywords;  // sorted, unique, case preserved
  UnixTime internal_date = 0;
  UnixTime save_date = 0;
  int64_t size = 0;      // octets of the stored message
  std::string blob_id;   // content address of the body
  int64_t email_id = 0;  // stable id of this message copy (OBJECTID/JMAP)
  std::string structure;  // the cached structure, only from GetMessages(with_structure)
};

// A message to add to a mailbox. Its body is either a blob already durable
// (BlobWriter::Commit) or `inline_body`, which the append stores in its own commit.
struct NewMessage {
  std::string blob_id;  // content address of the body (blob_hasher.h)
  int64_t size = 0;
  // The body itself, when it goes inline (see blob_store.h); its size must be `size` and
  // its id `blob_id` (not re-hashed: the caller computed it). Stored unless the store
  // already holds that blob. Shared: one delivery to many mailboxes holds one copy.
  std::shared_ptr<const std::string> inline_body;
  UnixTime internal_date = 0;
  uint32_t flags = 0;
  std::vector<std::string> keywords;
  std::string structure;  // mail::SerializeStructure() of the parsed message, cached
};

struct AppendRequest {
  AccountId account = 0;
  std::string mailbox = "INBOX";
  bool create_mailbox = true;  // create `mailbox` if it does not exist (delivery)
  NewMessage message;
};

struct AppendResult {
  MailboxId mailbox = 0;
  uint32_t uid_validity = 0;
  Uid uid = 0;
  ModSeq modseq = 0;
};

enum class FlagOp { kAdd, kRemove, kReplace };

struct FlagChange {
  FlagOp op = FlagOp::kAdd;
  uint32_t flags = 0;
  std::vector<std::string> keywords;
  // CONDSTORE: messages whose modseq is above this are left alone and reported.
  std::optional<ModSeq> unchanged_since;
};

struct FlagChangeResult {
  std::vector<MessageMeta> changed;    // new state of each message that changed
  std::vector<MessageMeta> unchanged;  // state of each that needed no change (no new modseq)
  std::vector<Uid> failed;             // failed the unchanged_since test
};

struct ExpungeResult {
  std::vector<Uid> expunged;
  ModSeq modseq = 0;  // the mailbox modseq after the expunge
};

// What CopyMessages did. source_uids and dest_uids are parallel and ascending: the
// COPYUID/MOVE response code (RFC 4315 4.3) reads them as they are.
struct CopyResult {
  uint32_t uid_validity = 0;     // of the destination mailbox
  std::vector<Uid> source_uids;  // the messages copied (those that existed)
  std::vector<Uid> dest_uids;    // the UID each got in the destination
  ModSeq source_modseq = 0;      // a move's source mailbox modseq after the expunge; 0 for a copy
  ModSeq dest_modseq = 0;        // the destination mailbox modseq after the copy
};

// What ReplaceMessage did: the new message and the expunge of the old one.
struct ReplaceResult {
  AppendResult appended;
  ExpungeResult expunged;  // of the replaced message's mailbox
};

// What a POP3 session does when it ends with QUIT (RFC 1939's UPDATE state), applied
// atomically and durably in one store write.
struct PopUpdate {
  MailboxId mailbox = 0;
  int view = 0;                    // 1..31 records `downloaded` for that view; 0 records none
  std::vector<Uid> downloaded;     // retrieved in this session (RETR, or TOP of all lines)
  std::vector<Uid> expunge;        // DELE, and login option p
  std::vector<Uid> move_to_trash;  // login option d: moved to the account's Trash mailbox
  std::string trash_name = "Trash";
};

}  // namespace tern::store
