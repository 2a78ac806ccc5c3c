#include "store/sqlite/connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace tern::store::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail =
      fmt::format("{}: {} ({})", what, db != nullptr ? sqlite3_errmsg(db) : "", sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorCode::kUnavailable, "the mailbox store is busy, try again", detail);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Error(ErrorCode::kIo, "mailbox store I/O failed", detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error(ErrorCode::kCorrupt, "the mailbox store is damaged", detail);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Error(ErrorCode::kAlreadyExists, "already exists", detail);
      }
      return Error(ErrorCode::kInternal, "internal error", detail);
    default:
      return Error(ErrorCode::kInternal, "internal error", detail);
  }
}

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must not bind as NULL: give SQLite a valid pointer.
  static const char kEmpty = 0;
  int rc = sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                               SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_rc_ != 0) return Fail(SqliteError(db_, bind_rc_, sqlite3_sql(stmt_)));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(db_, rc, sqlite3_sql(stmt_)));
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return Ok();
  }
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}

std::string Statement::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return std::string(static_cast<const char*>(p), static_cast<size_t>(n));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& file,
                                                     ConnectionOptions options) {
  sqlite3* raw = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (see the header).
  int rc =
      sqlite3_open_v2(file.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Connection> conn(new Connection(raw));
  if (rc != SQLITE_OK) return Fail(SqliteError(raw, rc, "open " + file.string()));
  sqlite3_extended_result_codes(raw, 1);
  // The busy timeout lets a second process (the `tern user …` CLI next to a running
  // daemon) wait for the write lock instead of failing at once.
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  TERN_TRY(conn->Exec("PRAGMA journal_mode=WAL"));
  TERN_TRY(conn->Exec(options.fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF"));
  TERN_TRY(conn->Exec("PRAGMA foreign_keys=ON"));
  if (options.read_only) {
    TERN_TRY(conn->Exec("PRAGMA query_only=ON"));
    // Reads of a whole large mailbox (SORT, THREAD: its messages and their summaries,
    // looked up by body) touch more pages than a connection's page cache holds: mapped,
    // they are read from the OS's cache, shared by every connection, without a system
    // call and a copy each. Writes still go through the writer's connection, unmapped.
    TERN_TRY(conn->Exec("PRAGMA mmap_size=1073741824"));
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, text.substr(0, 200)));
  return Ok();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, key));
    it = cache_.emplace(std::move(key), stmt).first;
  }
  return Statement(db_, it->second);
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

void Connection::SetWalHook(std::function<void(int)> hook) {
  wal_hook_ = std::move(hook);
  // Replaces the automatic checkpoint, which is itself a WAL hook (sqlite3_wal_hook docs).
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int frames) {
        auto& registered = static_cast<Connection*>(self)->wal_hook_;
        if (registered) registered(frames);
        return SQLITE_OK;
      },
      this);
}

Result<Connection::CheckpointResult> Connection::Checkpoint() {
  CheckpointResult r;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &r.wal_frames,
                                     &r.checkpointed);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "wal checkpoint"));
  return r;
}

Result<Transaction> Transaction::Begin(Connection& db, std::string_view begin) {
  TERN_TRY(db.Exec(begin));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Connection* db = db_;
  db_ = nullptr;
  auto st = db->Exec("COMMIT");
  if (!st) (void)db->Exec("ROLLBACK");
  return st;
}

// Savepoints nest; ROLLBACK TO and RELEASE act on the innermost one of that name, which
// is this one because savepoints are strictly scoped (RAII).
Result<Savepoint> Savepoint::Begin(Connection& db) {
  TERN_TRY(db.Exec("SAVEPOINT sp"));
  return Savepoint(&db);
}

Savepoint::~Savepoint() { (void)Rollback(); }

Status Savepoint::Release() {
  if (db_ == nullptr) return Ok();
  Connection* db = db_;
  db_ = nullptr;
  return db->Exec("RELEASE sp");
}

Status Savepoint::Rollback() {
  if (db_ == nullptr) return Ok();
  Connection* db = db_;
  db_ = nullptr;
  return db->Exec("ROLLBACK TO sp; RELEASE sp");
}

}  // namespace tern::store::sqlite
