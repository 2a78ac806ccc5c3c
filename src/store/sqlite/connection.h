#pragma once
// A thin RAII wrapper over one SQLite connection with a per-connection cache of prepared
// statements. sqlite3.h stays out of this header so users need not see it.
//
// Thread-safety: none. A Connection is used by one thread at a time (the writer thread
// owns the write connection; a read lease owns a read connection).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tern::store::sqlite {

// A statement borrowed from a Connection's cache. Destroying it resets the statement and
// clears its bindings, so the cache can hand it out again. Valid while the Connection is.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), bind_rc_(o.bind_rc_) {
    o.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQL. A failed bind is reported by the next Step.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::string_view bytes);

  // Steps once: true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows.
  Status Run();

  // Columns are 0-based.
  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;
};

struct ConnectionOptions {
  bool fsync = true;       // synchronous=FULL, else OFF
  bool read_only = false;  // query_only: a read connection can never write by mistake
  int busy_timeout_ms = 10000;
};

class Connection {
 public:
  // Opens (creating if needed) the database file in WAL mode with foreign keys on.
  static Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& file,
                                                  ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows needed by the caller.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql` (prepared on first use).
  Result<Statement> Prepare(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t changes() const;

  // Calls `hook` on this connection's thread after each of its commits with the number
  // of frames then in the WAL, instead of SQLite's automatic checkpoint (which would copy
  // the WAL into the database on the committing thread, inside COMMIT). The hook must not
  // use this connection.
  void SetWalHook(std::function<void(int frames)> hook);
  // A PASSIVE checkpoint: copies as much of the WAL into the database as no reader still
  // needs, without waiting for readers or the writer (both may go on meanwhile).
  // Returns the frames the WAL holds and how many of them are now in the database.
  // kUnavailable if another connection is checkpointing.
  struct CheckpointResult {
    int wal_frames = 0;
    int checkpointed = 0;
  };
  Result<CheckpointResult> Checkpoint();

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::function<void(int)> wal_hook_;
};

// Maps an SQLite result code to an Error: busy/locked → kUnavailable, full and I/O
// errors → kIo, corruption → kCorrupt, unique violations → kAlreadyExists, else kInternal.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

// Rolls back unless committed (habit 11). `begin` is e.g. "BEGIN" or "BEGIN IMMEDIATE".
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& db, std::string_view begin = "BEGIN");
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* db) : db_(db) {}
  Connection* db_;
};

// A SAVEPOINT inside the current transaction; rolled back to (and released) unless
// Release is called, so a failing step undoes only its own changes.
class Savepoint {
 public:
  static Result<Savepoint> Begin(Connection& db);
  Savepoint(Savepoint&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Savepoint& operator=(Savepoint&&) = delete;
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint();
  Status Release();
  Status Rollback();

 private:
  explicit Savepoint(Connection* db) : db_(db) {}
  Connection* db_;
};

}  // namespace tern::store::sqlite
