#include "store/sqlite/ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>

#include "store/normalize.h"

// Evaluates `expr` (a Result<T>); returns its error, or declares `decl` from its value.
#define TERN_CONCAT_INNER(a, b) a##b
#define TERN_CONCAT(a, b) TERN_CONCAT_INNER(a, b)
#define ASSIGN_OR_RETURN(decl, expr) \
  ASSIGN_OR_RETURN_IMPL(TERN_CONCAT(tern_r_, __LINE__), decl, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, decl, expr)           \
  auto tmp = (expr);                                     \
  if (!tmp) return ::tern::Fail(std::move(tmp).error()); \
  decl = std::move(*tmp)

namespace tern::store::sqlite::ops {
namespace {

#define ACCOUNT_COLUMNS                                                                   \
  "id, name, password_hash, quota_bytes, used_bytes, services, enabled, created, scram, " \
  "pop_options, apop_secret, quota_messages, used_messages"
#define MAILBOX_COLUMNS                                                                    \
  "id, account_id, name, uid_validity, uid_next, highest_modseq, messages, unseen, size, " \
  "special_use, deleted"
#define MESSAGE_COLUMNS \
  "uid, modseq, flags, keywords, internal_date, save_date, size, blob_id, email_id"

UnixTime Now() { return static_cast<UnixTime>(std::time(nullptr)); }

int64_t I64(uint64_t v) { return static_cast<int64_t>(v); }

Account ReadAccount(const Statement& s) {
  Account a;
  a.id = s.Int(0);
  a.name = s.Text(1);
  a.password_hash = s.Text(2);
  a.quota_bytes = s.Int(3);
  a.used_bytes = s.Int(4);
  a.services = static_cast<uint32_t>(s.Int(5));
  a.enabled = s.Int(6) != 0;
  a.created = s.Int(7);
  a.scram = s.Text(8);
  a.pop_options = s.Text(9);
  a.apop_secret = s.Text(10);
  a.quota_messages = s.Int(11);
  a.used_messages = s.Int(12);
  return a;
}

Mailbox ReadMailbox(const Statement& s) {
  Mailbox m;
  m.id = s.Int(0);
  m.account = s.Int(1);
  m.name = s.Text(2);
  m.uid_validity = static_cast<uint32_t>(s.Int(3));
  // uid_next may reach 2^32 after UID 2^32-1 was used; clamp so the "full" check fires.
  m.uid_next = static_cast<Uid>(std::min<int64_t>(s.Int(4), std::numeric_limits<Uid>::max()));
  m.highest_modseq = static_cast<ModSeq>(s.Int(5));
  m.messages = static_cast<uint32_t>(s.Int(6));
  m.unseen = static_cast<uint32_t>(s.Int(7));
  m.size = s.Int(8);
  m.special_use = s.Text(9);
  m.deleted = static_cast<uint32_t>(s.Int(10));
  return m;
}

MessageMeta ReadMessage(const Statement& s) {
  MessageMeta m;
  m.uid = static_cast<Uid>(s.Int(0));
  m.modseq = static_cast<ModSeq>(s.Int(1));
  m.flags = static_cast<uint32_t>(s.Int(2));
  m.keywords = SplitKeywords(s.Text(3));
  m.internal_date = s.Int(4);
  m.save_date = s.Int(5);
  m.size = s.Int(6);
  m.blob_id = s.Text(7);
  m.email_id = s.Int(8);
  return m;
}

Result<std::optional<Account>> FindAccount(Connection& db, std::string_view normalized) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE name = ?"));
  q.Bind(1, normalized);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<Account>();
  return std::optional<Account>(ReadAccount(q));
}

Result<Account> AccountByName(Connection& db, std::string_view name) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeAccountName(name));
  ASSIGN_OR_RETURN(auto found, FindAccount(db, normalized));
  if (!found) return Fail(ErrorCode::kNotFound, "no such account");
  return std::move(*found);
}

Status RequireAccount(Connection& db, AccountId account) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT 1 FROM accounts WHERE id = ?"));
  q.Bind(1, account);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "no such account");
  return Ok();
}

Result<std::optional<Mailbox>> FindMailbox(Connection& db, AccountId account,
                                           std::string_view normalized) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " MAILBOX_COLUMNS
                                      " FROM mailboxes WHERE account_id = ? AND name = ?"));
  q.Bind(1, account).Bind(2, normalized);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<Mailbox>();
  return std::optional<Mailbox>(ReadMailbox(q));
}

Result<Mailbox> MailboxById(Connection& db, MailboxId mailbox) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " MAILBOX_COLUMNS " FROM mailboxes WHERE id = ?"));
  q.Bind(1, mailbox);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "no such mailbox");
  return ReadMailbox(q);
}

// Store-wide counters (see the schema): returns max(last + 1, at_least) and records it.
Result<int64_t> NextCounter(Connection& db, std::string_view name, int64_t at_least) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE counters SET value = MAX(value + 1, ?2) "
                                      "WHERE name = ?1 RETURNING value"));
  q.Bind(1, name).Bind(2, at_least);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kCorrupt, "the mailbox store is damaged", "no counter row");
  int64_t value = q.Int(0);
  TERN_TRY(q.Run());
  return value;
}

Result<Mailbox> InsertMailbox(Connection& db, AccountId account, std::string_view normalized,
                              std::string_view special_use) {
  // UIDVALIDITY: the creation time in seconds, or one more than the last one handed out
  // if that is later, so it never repeats (RFC 9051 2.3.1.1) even for a mailbox deleted
  // and created again within a second.
  ASSIGN_OR_RETURN(int64_t uid_validity, NextCounter(db, "uidvalidity", Now()));
  if (uid_validity > std::numeric_limits<uint32_t>::max()) {
    return Fail(ErrorCode::kLimit, "UIDVALIDITY space exhausted");
  }
  ASSIGN_OR_RETURN(auto q,
                   db.Prepare("INSERT INTO mailboxes (account_id, name, uid_validity, "
                              "special_use) VALUES (?, ?, ?, ?) RETURNING " MAILBOX_COLUMNS));
  q.Bind(1, account).Bind(2, normalized).Bind(3, uid_validity).Bind(4, special_use);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kInternal, "internal error", "INSERT RETURNING gave no row");
  Mailbox m = ReadMailbox(q);
  TERN_TRY(q.Run());
  return m;
}

// Takes the mailbox's next modseq and records it as HIGHESTMODSEQ.
Result<ModSeq> BumpModSeq(Connection& db, MailboxId mailbox) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE mailboxes SET highest_modseq = highest_modseq + 1 "
                                      "WHERE id = ? RETURNING highest_modseq"));
  q.Bind(1, mailbox);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "no such mailbox");
  auto modseq = static_cast<ModSeq>(q.Int(0));
  TERN_TRY(q.Run());
  return modseq;
}

Status SetHighestModSeq(Connection& db, MailboxId mailbox, ModSeq modseq) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE mailboxes SET highest_modseq = ? WHERE id = ?"));
  q.Bind(1, I64(modseq)).Bind(2, mailbox);
  return q.Run();
}

std::vector<Uid> SortedUnique(std::vector<Uid> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

bool IsSameOrChild(std::string_view name, std::string_view parent) {
  return name == parent || (name.size() > parent.size() && name.starts_with(parent) &&
                            name[parent.size()] == kHierarchyDelimiter);
}

// kOverQuota unless `account` has room for `messages` more messages of `bytes` in all;
// kNotFound if it does not exist.
Status CheckQuota(Connection& db, AccountId account, int64_t bytes, int64_t messages) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT quota_bytes, used_bytes, quota_messages, "
                                      "used_messages FROM accounts WHERE id = ?"));
  q.Bind(1, account);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "no such account");
  const int64_t quota = q.Int(0);
  const int64_t used = q.Int(1);
  if (quota > 0 && used + bytes > quota) {
    return Fail(
        ErrorCode::kOverQuota, "mailbox quota exceeded",
        fmt::format("account {} uses {} of {} bytes; {} more needed", account, used, quota, bytes));
  }
  const int64_t quota_messages = q.Int(2);
  const int64_t used_messages = q.Int(3);
  if (quota_messages > 0 && used_messages + messages > quota_messages) {
    return Fail(ErrorCode::kOverQuota, "mailbox quota exceeded",
                fmt::format("account {} holds {} of {} messages; {} more needed", account,
                            used_messages, quota_messages, messages));
  }
  return Ok();
}

// Records what messages just added to `mailbox` used up: UIDs below `uid_next`, `modseq`.
Status AdvanceMailbox(Connection& db, MailboxId mailbox, int64_t uid_next, ModSeq modseq) {
  ASSIGN_OR_RETURN(
      auto q, db.Prepare("UPDATE mailboxes SET uid_next = ?, highest_modseq = ? WHERE id = ?"));
  q.Bind(1, uid_next).Bind(2, I64(modseq)).Bind(3, mailbox);
  return q.Run();
}

// Stores the inline body of a message just inserted, unless the blob is stored already.
// The insert's trigger has counted the message, so a count of 1 means it is the blob's
// only reference: any earlier inline body went with its last reference
// (0005_inline_blobs.sql) and any file at count 0 may be swept. Above 1, another message
// holds the same bytes, as a file or inline: content addressing makes a copy pointless.
Status StoreInlineBody(Connection& db, std::string_view blob_id, std::string_view body) {
  int64_t inline_id = 0;
  {
    ASSIGN_OR_RETURN(auto q, db.Prepare("INSERT INTO inline_blobs (body) SELECT ?2 WHERE "
                                        "(SELECT refcount = 1 AND inline_id IS NULL FROM blobs "
                                        "WHERE id = ?1) RETURNING id"));
    q.Bind(1, blob_id).BindBlob(2, body);
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Ok();
    inline_id = q.Int(0);
    TERN_TRY(q.Run());
  }
  ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE blobs SET inline_id = ? WHERE id = ?"));
  q.Bind(1, inline_id).Bind(2, blob_id);
  return q.Run();
}

Result<AppendResult> AppendOne(Connection& db, const AppendRequest& req, ChangeEvents& events) {
  const NewMessage& m = req.message;
  if (!IsValidBlobId(m.blob_id)) return Fail(ErrorCode::kInvalidArgument, "invalid blob id");
  if (m.size < 0) return Fail(ErrorCode::kInvalidArgument, "invalid message size");
  if (m.inline_body && std::cmp_not_equal(m.inline_body->size(), m.size)) {
    return Fail(
        ErrorCode::kInvalidArgument, "invalid message size",
        fmt::format("inline body of {} bytes for a message of {}", m.inline_body->size(), m.size));
  }
  ASSIGN_OR_RETURN(auto keywords, NormalizeKeywords(m.keywords));
  ASSIGN_OR_RETURN(std::string name, NormalizeMailboxName(req.mailbox));

  // The mailbox (a request naming a wrong one is wrong whatever the quota), then the
  // account and its quota; creating the mailbox comes last and is undone with the
  // request's savepoint if anything after it fails.
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, req.account, name));
  if (!found && !req.create_mailbox && !IsInbox(name)) {
    return Fail(ErrorCode::kNotFound, "no such mailbox");
  }
  TERN_TRY(CheckQuota(db, req.account, m.size, 1));

  Mailbox mb;
  if (found) {
    mb = std::move(*found);
  } else {
    ASSIGN_OR_RETURN(mb, InsertMailbox(db, req.account, name, ""));
  }
  if (mb.uid_next == std::numeric_limits<Uid>::max()) {
    return Fail(ErrorCode::kLimit, "the mailbox has used up its UIDs");
  }
  Uid uid = mb.uid_next;
  ModSeq modseq = mb.highest_modseq + 1;
  ASSIGN_OR_RETURN(int64_t email_id, NextCounter(db, "email_id", 0));
  {
    ASSIGN_OR_RETURN(
        auto q,
        db.Prepare("INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, internal_date, "
                   "save_date, size, blob_id, email_id, structure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?, ?)"));
    q.Bind(1, mb.id)
        .Bind(2, int64_t{uid})
        .Bind(3, I64(modseq))
        .Bind(4, int64_t{m.flags & kStoredFlags})
        .Bind(5, JoinKeywords(keywords))
        .Bind(6, m.internal_date)
        .Bind(7, Now())
        .Bind(8, m.size)
        .Bind(9, m.blob_id)
        .Bind(10, email_id)
        .BindBlob(11, m.structure);
    TERN_TRY(q.Run());
  }
  // In the request's savepoint with the message: both are stored or neither is.
  if (m.inline_body) TERN_TRY(StoreInlineBody(db, m.blob_id, *m.inline_body));
  TERN_TRY(AdvanceMailbox(db, mb.id, int64_t{uid} + 1, modseq));
  events.emplace_back(mb.id, modseq);
  return AppendResult{mb.id, mb.uid_validity, uid, modseq};
}

// The UIDs a query's first column yields, in its order.
Result<std::vector<Uid>> CollectUids(Statement& q) {
  std::vector<Uid> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(static_cast<Uid>(q.Int(0)));
  }
  return out;
}

Result<std::vector<Uid>> AllUids(Connection& db, MailboxId mailbox) {
  ASSIGN_OR_RETURN(auto q,
                   db.Prepare("SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid"));
  q.Bind(1, mailbox);
  return CollectUids(q);
}

// Store::CopyMessages on mailboxes already looked up. Each copy is one INSERT … SELECT,
// so no message's cached structure passes through memory.
Result<CopyResult> CopyOrMove(Connection& db, const Mailbox& from, std::vector<Uid> uids,
                              const Mailbox& to, bool move, ChangeEvents& events) {
  if (move && from.id == to.id) {
    return Fail(ErrorCode::kInvalidArgument, "cannot move messages to the mailbox they are in");
  }
  CopyResult out;
  out.uid_validity = to.uid_validity;
  out.source_modseq = move ? from.highest_modseq : 0;
  out.dest_modseq = to.highest_modseq;
  int64_t bytes = 0;
  for (Uid uid : SortedUnique(std::move(uids))) {
    ASSIGN_OR_RETURN(auto q,
                     db.Prepare("SELECT size FROM messages WHERE mailbox_id = ? AND uid = ?"));
    q.Bind(1, from.id).Bind(2, int64_t{uid});
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) continue;
    bytes += q.Int(0);
    out.source_uids.push_back(uid);
  }
  if (out.source_uids.empty()) return out;
  // A move within one account adds exactly the bytes its expunge releases.
  if (!move || from.account != to.account) {
    TERN_TRY(CheckQuota(db, to.account, bytes, static_cast<int64_t>(out.source_uids.size())));
  }
  // As in AppendOne, the last UID (2^32-1) is never handed out.
  if (uint64_t{to.uid_next} + out.source_uids.size() > std::numeric_limits<Uid>::max()) {
    return Fail(ErrorCode::kLimit, "the mailbox has used up its UIDs");
  }

  // One new modseq for every copy (as ChangeFlags shares one for one call).
  const ModSeq modseq = to.highest_modseq + 1;
  const UnixTime now = Now();
  Uid uid = to.uid_next;
  for (Uid source : out.source_uids) {
    // A copy or a move stays the same email: RFC 8474 5.1 requires the EMAILID of the
    // source for the destination of COPY and MOVE.
    ASSIGN_OR_RETURN(
        auto q,
        db.Prepare("INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, internal_date, "
                   "save_date, size, blob_id, email_id, structure) SELECT ?1, ?2, ?3, flags, "
                   "keywords, internal_date, ?4, size, blob_id, email_id, structure "
                   "FROM messages WHERE mailbox_id = ?5 AND uid = ?6"));
    q.Bind(1, to.id)
        .Bind(2, int64_t{uid})
        .Bind(3, I64(modseq))
        .Bind(4, now)
        .Bind(5, from.id)
        .Bind(6, int64_t{source});
    TERN_TRY(q.Run());
    out.dest_uids.push_back(uid++);
  }
  TERN_TRY(AdvanceMailbox(db, to.id, int64_t{uid}, modseq));
  events.emplace_back(to.id, modseq);
  out.dest_modseq = modseq;
  if (move) {
    ASSIGN_OR_RETURN(ExpungeResult expunged, Expunge(db, from.id, out.source_uids, events));
    out.source_modseq = expunged.modseq;
  }
  return out;
}

}  // namespace

// --- reads ----------------------------------------------------------------------

Result<Account> GetAccount(Connection& db, std::string_view name) {
  return AccountByName(db, name);
}

Result<std::vector<Account>> ListAccounts(Connection& db) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY name"));
  std::vector<Account> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadAccount(q));
  }
  return out;
}

Result<Mailbox> GetMailbox(Connection& db, AccountId account, std::string_view name) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeMailboxName(name));
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, account, normalized));
  if (!found) return Fail(ErrorCode::kNotFound, "no such mailbox");
  return std::move(*found);
}

Result<std::vector<Mailbox>> ListMailboxes(Connection& db, AccountId account) {
  TERN_TRY(RequireAccount(db, account));
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " MAILBOX_COLUMNS
                                      " FROM mailboxes WHERE account_id = ? ORDER BY name"));
  q.Bind(1, account);
  std::vector<Mailbox> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadMailbox(q));
  }
  return out;
}

Result<std::vector<std::string>> ListSubscriptions(Connection& db, AccountId account) {
  TERN_TRY(RequireAccount(db, account));
  ASSIGN_OR_RETURN(auto q,
                   db.Prepare("SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name"));
  q.Bind(1, account);
  std::vector<std::string> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(q.Text(0));
  }
  return out;
}

Result<std::vector<MessageMeta>> ListMessages(Connection& db, MailboxId mailbox,
                                              ModSeq changed_since) {
  TERN_TRY(MailboxById(db, mailbox));
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " MESSAGE_COLUMNS " FROM messages "
                                      "WHERE mailbox_id = ? AND modseq > ? ORDER BY uid"));
  q.Bind(1, mailbox).Bind(2, I64(changed_since));
  std::vector<MessageMeta> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadMessage(q));
  }
  return out;
}

Result<std::vector<MessageMeta>> GetMessages(Connection& db, MailboxId mailbox,
                                             std::vector<Uid> uids, bool with_structure) {
  std::vector<MessageMeta> out;
  if (uids.empty()) return out;
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  const std::string columns =
      with_structure ? MESSAGE_COLUMNS ", structure" : MESSAGE_COLUMNS;
  auto read = [&](Statement& q) {
    MessageMeta m = ReadMessage(q);
    if (with_structure) m.structure = q.Blob(9);
    return m;
  };
  // A dense batch (the usual FETCH 1:500) is one range scan; a sparse one is point
  // lookups, so that "1,100000" does not read everything between.
  if (uint64_t{uids.back()} - uids.front() < 4 * uint64_t{uids.size()}) {
    ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " + columns +
                                        " FROM messages WHERE mailbox_id = ? AND uid >= ? AND "
                                        "uid <= ? ORDER BY uid"));
    q.Bind(1, mailbox).Bind(2, int64_t{uids.front()}).Bind(3, int64_t{uids.back()});
    size_t next = 0;
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const Uid uid = static_cast<Uid>(q.Int(0));
      while (next < uids.size() && uids[next] < uid) ++next;
      if (next < uids.size() && uids[next] == uid) out.push_back(read(q));
    }
    return out;
  }
  const std::string point = "SELECT " + columns + " FROM messages WHERE mailbox_id = ? AND uid = ?";
  for (Uid uid : uids) {
    ASSIGN_OR_RETURN(auto q, db.Prepare(point));  // cached by the connection
    q.Bind(1, mailbox).Bind(2, int64_t{uid});
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) out.push_back(read(q));
  }
  return out;
}

Result<std::string> GetStructure(Connection& db, MailboxId mailbox, Uid uid) {
  ASSIGN_OR_RETURN(auto q,
                   db.Prepare("SELECT structure FROM messages WHERE mailbox_id = ? AND uid = ?"));
  q.Bind(1, mailbox).Bind(2, int64_t{uid});
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Fail(ErrorCode::kNotFound, "no such message");
  return q.Blob(0);
}

Result<std::vector<Uid>> Vanished(Connection& db, MailboxId mailbox, ModSeq since) {
  TERN_TRY(MailboxById(db, mailbox));
  {
    ASSIGN_OR_RETURN(auto f, db.Prepare("SELECT vanished_floor FROM mailboxes WHERE id = ?"));
    f.Bind(1, mailbox);
    ASSIGN_OR_RETURN(bool row, f.Step());
    if (row && static_cast<ModSeq>(f.Int(0)) > since) {
      return Fail(ErrorCode::kLimit, "expunges that long ago are no longer remembered");
    }
  }
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT uid FROM tombstones "
                                      "WHERE mailbox_id = ? AND modseq > ? ORDER BY uid"));
  q.Bind(1, mailbox).Bind(2, I64(since));
  return CollectUids(q);
}

Result<std::optional<std::string>> GetInlineBody(Connection& db, std::string_view blob_id) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT body FROM inline_blobs WHERE id = "
                                      "(SELECT inline_id FROM blobs WHERE id = ?)"));
  q.Bind(1, blob_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q.Blob(0));
}

Result<std::vector<Uid>> ListPopDownloaded(Connection& db, MailboxId mailbox, int view) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT uid FROM pop_downloaded WHERE mailbox_id = ? AND "
                                      "view = ? ORDER BY uid"));
  q.Bind(1, mailbox).Bind(2, int64_t{view});
  return CollectUids(q);
}

// --- writes ---------------------------------------------------------------------

Result<Account> CreateAccount(Connection& db, const NewAccount& account) {
  ASSIGN_OR_RETURN(std::string name, NormalizeAccountName(account.name));
  if (account.quota_bytes < 0 || account.quota_messages < 0) {
    return Fail(ErrorCode::kInvalidArgument, "negative quota");
  }
  ASSIGN_OR_RETURN(auto existing, FindAccount(db, name));
  if (existing) return Fail(ErrorCode::kAlreadyExists, "account already exists");
  Account created;
  {
    ASSIGN_OR_RETURN(
        auto q,
        db.Prepare(
            "INSERT INTO accounts (name, password_hash, quota_bytes, services, enabled, created, "
            "scram, pop_options, apop_secret, quota_messages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?) "
            "RETURNING " ACCOUNT_COLUMNS));
    q.Bind(1, name)
        .Bind(2, account.password_hash)
        .Bind(3, account.quota_bytes)
        .Bind(4, int64_t{account.services})
        .Bind(5, int64_t{account.enabled ? 1 : 0})
        .Bind(6, Now())
        .Bind(7, account.scram)
        .Bind(8, account.pop_options)
        .Bind(9, account.apop_secret)
        .Bind(10, account.quota_messages);
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Fail(ErrorCode::kInternal, "internal error", "INSERT RETURNING gave no row");
    created = ReadAccount(q);
    TERN_TRY(q.Run());
  }
  TERN_TRY(EnsureInbox(db, created.id));
  for (const InitialMailbox& m : account.mailboxes) {
    TERN_TRY(CreateMailbox(db, created.id, m.name, m.special_use));
  }
  return created;
}

Result<Account> UpdateAccount(Connection& db, std::string_view name, const AccountUpdate& update) {
  ASSIGN_OR_RETURN(Account a, AccountByName(db, name));
  if (update.password_hash) a.password_hash = *update.password_hash;
  if (update.quota_bytes) {
    if (*update.quota_bytes < 0) return Fail(ErrorCode::kInvalidArgument, "negative quota");
    a.quota_bytes = *update.quota_bytes;
  }
  if (update.quota_messages) {
    if (*update.quota_messages < 0) return Fail(ErrorCode::kInvalidArgument, "negative quota");
    a.quota_messages = *update.quota_messages;
  }
  if (update.services) a.services = *update.services;
  if (update.enabled) a.enabled = *update.enabled;
  if (update.scram) a.scram = *update.scram;
  if (update.pop_options) a.pop_options = *update.pop_options;
  if (update.apop_secret) a.apop_secret = *update.apop_secret;
  ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE accounts SET password_hash = ?, quota_bytes = ?, "
                                      "services = ?, enabled = ?, scram = ?, pop_options = ?, "
                                      "apop_secret = ?, quota_messages = ? WHERE id = ?"));
  q.Bind(1, a.password_hash)
      .Bind(2, a.quota_bytes)
      .Bind(3, int64_t{a.services})
      .Bind(4, int64_t{a.enabled ? 1 : 0})
      .Bind(5, a.scram)
      .Bind(6, a.pop_options)
      .Bind(7, a.apop_secret)
      .Bind(8, a.quota_messages)
      .Bind(9, a.id);
  TERN_TRY(q.Run());
  return a;
}

Status DeleteAccount(Connection& db, std::string_view name, ChangeEvents& events) {
  ASSIGN_OR_RETURN(Account a, AccountByName(db, name));
  {
    ASSIGN_OR_RETURN(auto q,
                     db.Prepare("SELECT id, highest_modseq FROM mailboxes WHERE account_id = ?"));
    q.Bind(1, a.id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      // Sessions watching these mailboxes learn that they are gone.
      events.emplace_back(q.Int(0), static_cast<ModSeq>(q.Int(1)) + 1);
    }
  }
  // Messages first, explicitly, so the delete trigger releases their blobs (the cascade
  // from accounts would reach them only through mailboxes already being deleted).
  {
    ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM messages WHERE mailbox_id IN "
                                        "(SELECT id FROM mailboxes WHERE account_id = ?)"));
    q.Bind(1, a.id);
    TERN_TRY(q.Run());
  }
  ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM accounts WHERE id = ?"));
  q.Bind(1, a.id);
  return q.Run();
}

Result<Mailbox> EnsureInbox(Connection& db, AccountId account) {
  TERN_TRY(RequireAccount(db, account));
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, account, kInbox));
  if (found) return std::move(*found);
  return InsertMailbox(db, account, kInbox, "");
}

Result<Mailbox> CreateMailbox(Connection& db, AccountId account, std::string_view name,
                              std::string_view special_use) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeMailboxName(name));
  TERN_TRY(RequireAccount(db, account));
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, account, normalized));
  if (found) return Fail(ErrorCode::kAlreadyExists, "mailbox already exists");
  return InsertMailbox(db, account, normalized, special_use);
}

namespace {

// RFC 9051 6.3.6: renaming INBOX moves all its messages to a new mailbox `to` and leaves
// INBOX in place, empty; its children keep their names. Done here, in one transaction,
// rather than by the IMAP layer from several calls, so no message is ever in both or
// neither mailbox and every protocol gets the same semantics.
Status RenameInbox(Connection& db, AccountId account, std::string_view to, ChangeEvents& events) {
  ASSIGN_OR_RETURN(Mailbox inbox, EnsureInbox(db, account));
  ASSIGN_OR_RETURN(Mailbox target, CreateMailbox(db, account, to, ""));
  ASSIGN_OR_RETURN(auto uids, AllUids(db, inbox.id));
  TERN_TRY(CopyOrMove(db, inbox, std::move(uids), target, /*move=*/true, events));
  // RFC 5464 4.1: the annotations are copied, so INBOX keeps its own as well.
  ASSIGN_OR_RETURN(auto q, db.Prepare("INSERT INTO metadata (account_id, mailbox_id, name, value) "
                                      "SELECT account_id, ?, name, value FROM metadata "
                                      "WHERE account_id = ? AND mailbox_id = ?"));
  q.Bind(1, target.id).Bind(2, account).Bind(3, inbox.id);
  return q.Run();
}

}  // namespace

Status RenameMailbox(Connection& db, AccountId account, std::string_view from_name,
                     std::string_view to_name, ChangeEvents& events) {
  ASSIGN_OR_RETURN(std::string from, NormalizeMailboxName(from_name));
  ASSIGN_OR_RETURN(std::string to, NormalizeMailboxName(to_name));
  if (IsInbox(to)) return Fail(ErrorCode::kAlreadyExists, "INBOX already exists");
  // Its children stay, so INBOX may be renamed to one of them ("INBOX/old").
  if (IsInbox(from)) return RenameInbox(db, account, to, events);
  if (IsSameOrChild(to, from)) {
    return Fail(ErrorCode::kInvalidArgument, "cannot rename a mailbox into itself");
  }
  ASSIGN_OR_RETURN(auto source, FindMailbox(db, account, from));
  if (!source) return Fail(ErrorCode::kNotFound, "no such mailbox");

  // The mailbox and its children (RFC 9051 6.3.6: inferiors MUST be renamed too).
  std::vector<std::pair<MailboxId, std::string>> moves;
  {
    ASSIGN_OR_RETURN(
        auto q,
        db.Prepare("SELECT id, name FROM mailboxes WHERE account_id = ?1 AND "
                   "(name = ?2 OR substr(name, 1, length(?2) + 1) = ?2 || '/') ORDER BY name"));
    q.Bind(1, account).Bind(2, from);
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string old_name = q.Text(1);
      moves.emplace_back(q.Int(0), to + old_name.substr(from.size()));
    }
  }
  for (const auto& [id, new_name] : moves) {
    ASSIGN_OR_RETURN(auto clash, FindMailbox(db, account, new_name));
    if (clash) return Fail(ErrorCode::kAlreadyExists, "target mailbox already exists");
  }
  for (const auto& [id, new_name] : moves) {
    std::string old_name = from + new_name.substr(to.size());
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE mailboxes SET name = ? WHERE id = ?"));
      q.Bind(1, new_name).Bind(2, id);
      TERN_TRY(q.Run());
    }
    {
      // Subscriptions follow the mailbox, as users expect (Dovecot does the same).
      ASSIGN_OR_RETURN(
          auto q,
          db.Prepare(
              "UPDATE OR REPLACE subscriptions SET name = ? WHERE account_id = ? AND name = ?"));
      q.Bind(1, new_name).Bind(2, account).Bind(3, old_name);
      TERN_TRY(q.Run());
    }
    ASSIGN_OR_RETURN(ModSeq modseq, BumpModSeq(db, id));
    events.emplace_back(id, modseq);
  }
  return Ok();
}

Status DeleteMailbox(Connection& db, AccountId account, std::string_view name,
                     ChangeEvents& events) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeMailboxName(name));
  if (IsInbox(normalized)) return Fail(ErrorCode::kPermissionDenied, "INBOX cannot be deleted");
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, account, normalized));
  if (!found) return Fail(ErrorCode::kNotFound, "no such mailbox");
  {
    ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM messages WHERE mailbox_id = ?"));
    q.Bind(1, found->id);
    TERN_TRY(q.Run());
  }
  ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM mailboxes WHERE id = ?"));
  q.Bind(1, found->id);
  TERN_TRY(q.Run());
  events.emplace_back(found->id, found->highest_modseq + 1);
  return Ok();
}

Status SetSubscribed(Connection& db, AccountId account, std::string_view name, bool subscribed) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeMailboxName(name));
  TERN_TRY(RequireAccount(db, account));
  // RFC 9051 6.3.7: a name may be subscribed whether or not the mailbox exists.
  ASSIGN_OR_RETURN(
      auto q,
      db.Prepare(subscribed ? "INSERT OR IGNORE INTO subscriptions (account_id, name) VALUES (?, ?)"
                            : "DELETE FROM subscriptions WHERE account_id = ? AND name = ?"));
  q.Bind(1, account).Bind(2, normalized);
  return q.Run();
}

Result<std::vector<Result<AppendResult>>> AppendMany(Connection& db,
                                                     const std::vector<AppendRequest>& requests,
                                                     ChangeEvents& events) {
  std::vector<Result<AppendResult>> out;
  out.reserve(requests.size());
  for (const auto& req : requests) {
    ASSIGN_OR_RETURN(auto sp, Savepoint::Begin(db));
    ChangeEvents mine;
    auto r = AppendOne(db, req, mine);
    if (r) {
      TERN_TRY(sp.Release());
      events.insert(events.end(), mine.begin(), mine.end());
    } else {
      TERN_TRY(sp.Rollback());
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<AppendResult>> AppendAll(Connection& db,
                                            const std::vector<AppendRequest>& requests,
                                            ChangeEvents& events) {
  std::vector<AppendResult> out;
  out.reserve(requests.size());
  for (const auto& req : requests) {
    ASSIGN_OR_RETURN(auto r, AppendOne(db, req, events));
    out.push_back(r);
  }
  return out;
}

Result<ReplaceResult> ReplaceMessage(Connection& db, MailboxId mailbox, Uid uid,
                                     const AppendRequest& request, ChangeEvents& events) {
  ReplaceResult out;
  // The expunge goes first so that the append's quota check sees the old message's bytes
  // already freed: only the net change counts (RFC 8508 3.4).
  ASSIGN_OR_RETURN(out.expunged, Expunge(db, mailbox, {uid}, events));
  if (out.expunged.expunged.empty()) {
    return Fail(ErrorCode::kNotFound, "the message to replace no longer exists");
  }
  ASSIGN_OR_RETURN(out.appended, AppendOne(db, request, events));
  return out;
}

Result<int64_t> PruneTombstones(Connection& db, UnixTime expunged_before) {
  // Per mailbox, everything up to the newest old tombstone goes, so that "pruned up to
  // the floor, all kept above it" holds exactly.
  ASSIGN_OR_RETURN(auto floors, db.Prepare("SELECT mailbox_id, MAX(modseq) FROM tombstones "
                                           "WHERE expunged_at < ? GROUP BY mailbox_id"));
  floors.Bind(1, expunged_before);
  std::vector<std::pair<MailboxId, int64_t>> prune;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, floors.Step());
    if (!row) break;
    prune.emplace_back(floors.Int(0), floors.Int(1));
  }
  int64_t pruned = 0;
  for (const auto& [mailbox, floor] : prune) {
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM tombstones WHERE mailbox_id = ? AND modseq <= ?"));
      q.Bind(1, mailbox).Bind(2, floor);
      TERN_TRY(q.Run());
      pruned += db.changes();
    }
    ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE mailboxes SET vanished_floor = "
                                        "MAX(vanished_floor, ?) WHERE id = ?"));
    q.Bind(1, floor).Bind(2, mailbox);
    TERN_TRY(q.Run());
  }
  return pruned;
}

Result<FlagChangeResult> ChangeFlags(Connection& db, MailboxId mailbox, std::vector<Uid> uids,
                                     const FlagChange& change, ChangeEvents& events) {
  ASSIGN_OR_RETURN(Mailbox mb, MailboxById(db, mailbox));
  ASSIGN_OR_RETURN(auto keywords, NormalizeKeywords(change.keywords));
  const uint32_t flags = change.flags & kStoredFlags;
  // One new modseq for every message this call changes (RFC 7162 allows sharing).
  const ModSeq modseq = mb.highest_modseq + 1;
  FlagChangeResult out;
  for (Uid uid : SortedUnique(std::move(uids))) {
    MessageMeta cur;
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT " MESSAGE_COLUMNS
                                          " FROM messages WHERE mailbox_id = ? AND uid = ?"));
      q.Bind(1, mailbox).Bind(2, int64_t{uid});
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) continue;
      cur = ReadMessage(q);
    }
    // RFC 7162 3.1.3: UNCHANGEDSINCE fails messages modified after the given modseq.
    if (change.unchanged_since && cur.modseq > *change.unchanged_since) {
      out.failed.push_back(uid);
      continue;
    }
    uint32_t new_flags = cur.flags;
    std::vector<std::string> new_keywords;
    switch (change.op) {
      case FlagOp::kAdd:
        new_flags |= flags;
        std::set_union(cur.keywords.begin(), cur.keywords.end(), keywords.begin(), keywords.end(),
                       std::back_inserter(new_keywords));
        break;
      case FlagOp::kRemove:
        new_flags &= ~flags;
        std::set_difference(cur.keywords.begin(), cur.keywords.end(), keywords.begin(),
                            keywords.end(), std::back_inserter(new_keywords));
        break;
      case FlagOp::kReplace:
        new_flags = flags;
        new_keywords = keywords;
        break;
    }
    // A no-op change takes no modseq (RFC 7162 3.1.11).
    if (new_flags == cur.flags && new_keywords == cur.keywords) {
      out.unchanged.push_back(std::move(cur));
      continue;
    }
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("UPDATE messages SET flags = ?, keywords = ?, "
                                          "modseq = ? WHERE mailbox_id = ? AND uid = ?"));
      q.Bind(1, int64_t{new_flags})
          .Bind(2, JoinKeywords(new_keywords))
          .Bind(3, I64(modseq))
          .Bind(4, mailbox)
          .Bind(5, int64_t{uid});
      TERN_TRY(q.Run());
    }
    cur.flags = new_flags;
    cur.keywords = std::move(new_keywords);
    cur.modseq = modseq;
    out.changed.push_back(std::move(cur));
  }
  if (!out.changed.empty()) {
    TERN_TRY(SetHighestModSeq(db, mailbox, modseq));
    events.emplace_back(mailbox, modseq);
  }
  return out;
}

Result<ExpungeResult> Expunge(Connection& db, MailboxId mailbox, std::vector<Uid> uids,
                              ChangeEvents& events) {
  ASSIGN_OR_RETURN(Mailbox mb, MailboxById(db, mailbox));
  const ModSeq modseq = mb.highest_modseq + 1;
  ExpungeResult out;
  for (Uid uid : SortedUnique(std::move(uids))) {
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?"));
      q.Bind(1, mailbox).Bind(2, int64_t{uid});
      TERN_TRY(q.Run());
    }
    if (db.changes() == 0) continue;
    ASSIGN_OR_RETURN(auto q, db.Prepare("INSERT INTO tombstones (mailbox_id, uid, modseq, "
                                        "expunged_at) VALUES (?, ?, ?, ?)"));
    q.Bind(1, mailbox).Bind(2, int64_t{uid}).Bind(3, I64(modseq)).Bind(4, Now());
    TERN_TRY(q.Run());
    out.expunged.push_back(uid);
  }
  if (out.expunged.empty()) {
    out.modseq = mb.highest_modseq;
    return out;
  }
  TERN_TRY(SetHighestModSeq(db, mailbox, modseq));
  events.emplace_back(mailbox, modseq);
  out.modseq = modseq;
  return out;
}

Result<CopyResult> CopyMessages(Connection& db, MailboxId from, std::vector<Uid> uids, MailboxId to,
                                bool move, ChangeEvents& events) {
  ASSIGN_OR_RETURN(Mailbox source, MailboxById(db, from));
  ASSIGN_OR_RETURN(Mailbox target, MailboxById(db, to));
  return CopyOrMove(db, source, std::move(uids), target, move, events);
}

Status ApplyPopUpdate(Connection& db, const PopUpdate& update, ChangeEvents& events) {
  ASSIGN_OR_RETURN(Mailbox mb, MailboxById(db, update.mailbox));
  if (update.view > 0) {
    for (Uid uid : update.downloaded) {
      ASSIGN_OR_RETURN(auto q, db.Prepare("INSERT OR IGNORE INTO pop_downloaded (mailbox_id, "
                                          "view, uid) SELECT mailbox_id, ?, uid FROM messages "
                                          "WHERE mailbox_id = ? AND uid = ?"));
      q.Bind(1, int64_t{update.view}).Bind(2, mb.id).Bind(3, int64_t{uid});
      TERN_TRY(q.Run());
    }
  }
  if (!update.expunge.empty()) TERN_TRY(Expunge(db, mb.id, update.expunge, events));
  if (!update.move_to_trash.empty()) {
    // A move within the account never fails on quota (see CopyOrMove).
    ASSIGN_OR_RETURN(std::string name, NormalizeMailboxName(update.trash_name));
    ASSIGN_OR_RETURN(auto trash, FindMailbox(db, mb.account, name));
    if (!trash) {
      ASSIGN_OR_RETURN(trash, InsertMailbox(db, mb.account, name, "\\Trash"));
    }
    TERN_TRY(CopyOrMove(db, mb, update.move_to_trash, *trash, /*move=*/true, events));
  }
  return Ok();
}

// --- annotations ----------------------------------------------------------------
// Rows of `metadata` (0007_metadata.sql); mailbox_id 0 holds the server's entries.

namespace {

// The mailbox_id of `mailbox` for annotations: 0 for the server (""), else its id.
Result<MailboxId> MetadataMailbox(Connection& db, AccountId account, std::string_view mailbox) {
  if (mailbox.empty()) {
    TERN_TRY(RequireAccount(db, account));
    return MailboxId{0};
  }
  ASSIGN_OR_RETURN(std::string normalized, NormalizeMailboxName(mailbox));
  ASSIGN_OR_RETURN(auto found, FindMailbox(db, account, normalized));
  if (!found) return Fail(ErrorCode::kNotFound, "no such mailbox");
  return found->id;
}

Result<int64_t> CountMetadata(Connection& db, AccountId account, MailboxId mailbox) {
  ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT count(*) FROM metadata "
                                      "WHERE account_id = ? AND mailbox_id = ?"));
  q.Bind(1, account).Bind(2, mailbox);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

}  // namespace

Result<MetadataValues> GetMetadata(Connection& db, AccountId account, std::string_view mailbox,
                                   const MetadataQuery& query) {
  ASSIGN_OR_RETURN(MailboxId id, MetadataMailbox(db, account, mailbox));
  // The value column is NULL when it is longer than MAXSIZE (-1: no MAXSIZE), so a long
  // value is never read.
  const int64_t max_size = query.max_size ? I64(*query.max_size) : -1;
  MetadataValues out;
  auto add = [&](Statement& q, std::string name) {
    AddMetadataEntry(out, query, std::move(name), static_cast<uint64_t>(q.Int(1)),
                     [&] { return q.Blob(2); });
  };
  for (const std::string& root : query.entries) {
    {
      ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT name, length(value), CASE WHEN ?4 < 0 OR "
                                          "length(value) <= ?4 THEN value END FROM metadata "
                                          "WHERE account_id = ?1 AND mailbox_id = ?2 AND name = ?3"));
      q.Bind(1, account).Bind(2, id).Bind(3, root).Bind(4, max_size);
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) add(q, root);
    }
    if (query.depth == MetadataDepth::kZero) continue;
    // Everything below root: names between "root/" and "root0" ('0' follows '/').
    ASSIGN_OR_RETURN(auto q, db.Prepare("SELECT name, length(value), CASE WHEN ?5 < 0 OR "
                                        "length(value) <= ?5 THEN value END FROM metadata "
                                        "WHERE account_id = ?1 AND mailbox_id = ?2 AND name > ?3 "
                                        "AND name < ?4 ORDER BY name"));
    q.Bind(1, account).Bind(2, id).Bind(3, root + "/").Bind(4, root + "0").Bind(5, max_size);
    while (true) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string name = q.Text(0);
      if (IsInMetadataScope(root, name, query.depth)) add(q, std::move(name));
    }
  }
  return out;
}

Status SetMetadata(Connection& db, AccountId account, std::string_view mailbox,
                   const std::vector<MetadataChange>& changes, const MetadataLimits& limits,
                   ChangeEvents& events) {
  ASSIGN_OR_RETURN(MailboxId id, MetadataMailbox(db, account, mailbox));
  ASSIGN_OR_RETURN(int64_t before, CountMetadata(db, account, id));
  for (const MetadataChange& change : changes) {
    if (!IsValidMetadataName(change.name)) {
      return Fail(ErrorCode::kInvalidArgument, "invalid entry name");
    }
    if (change.value && change.value->size() > limits.max_value_size) {
      return Fail(ErrorCode::kTooLarge, "value too large",
                  fmt::format("{} of {} bytes (limit {})", change.name, change.value->size(),
                              limits.max_value_size));
    }
    ASSIGN_OR_RETURN(
        auto q, db.Prepare(change.value
                               ? "INSERT OR REPLACE INTO metadata (account_id, mailbox_id, name, "
                                 "value) VALUES (?, ?, ?, ?)"
                               : "DELETE FROM metadata WHERE account_id = ? AND mailbox_id = ? "
                                 "AND name = ?"));
    q.Bind(1, account).Bind(2, id).Bind(3, change.name);
    if (change.value) q.BindBlob(4, *change.value);
    TERN_TRY(q.Run());
  }
  ASSIGN_OR_RETURN(int64_t after, CountMetadata(db, account, id));
  if (after > before && after > int64_t{limits.max_entries}) {
    return Fail(ErrorCode::kLimit, "too many entries",
                fmt::format("{} entries on mailbox {} of account {} (limit {})", after, id, account,
                            limits.max_entries));
  }
  // RFC 7162 3.2: with QRESYNC and METADATA, a mailbox annotation change takes a new
  // mailbox mod-sequence.
  if (id != 0 && !changes.empty()) {
    ASSIGN_OR_RETURN(Mailbox mb, MailboxById(db, id));
    TERN_TRY(SetHighestModSeq(db, id, mb.highest_modseq + 1));
    events.emplace_back(id, mb.highest_modseq + 1);
  }
  return Ok();
}

}  // namespace tern::store::sqlite::ops
