#pragma once
// The embedded store backend: SQLite in WAL mode (<data_dir>/index.db) for the index and
// message bodies up to `inline_blob_max` bytes, a FileBlobStore (<data_dir>/blobs/) for
// larger ones (sqlite_blob_store.h). Only src/app names this file.
//
// Threads: one writer thread owns the write connection and group-commits every write
// (see writer.h) and a checkpointer thread copies the WAL into the database beside it
// (checkpointer.h); `read_threads` threads, each with its own read connection, serve
// reads, which never wait for the writer (WAL). Callers' coroutines resume on their own
// executors. Another process (the `tern user …` CLI) may open the same data directory
// while the daemon runs: SQLite's locking and busy timeout serialise their writes.

#include <cstdint>
#include <filesystem>
#include <memory>

#include "base/log.h"
#include "base/result.h"
#include "store/sqlite/checkpointer.h"
#include "store/store.h"

namespace tern::store::sqlite {

struct SqliteOptions {
  std::filesystem::path data_dir;
  // fsync the index (synchronous=FULL) and blobs. Off only for tests and throwaway data.
  bool fsync = true;
  // Most write calls sharing one commit.
  int group_commit_max = 256;
  int read_threads = 4;
  // Bodies up to this many bytes are kept in the index, written in the commit of their
  // message (no file, no fsync of their own); 0: every body is a file.
  int64_t inline_blob_max = int64_t{64} << 10;
  // When the WAL is copied into the database (checkpointer.h).
  CheckpointOptions checkpoint;
  // The text of a message for the full-text index (store/text_index.h), which a
  // background thread builds when this is set; empty: no index (FindText finds nothing
  // indexed), as for the CLI's short-lived stores.
  TextExtractor text_extractor;
  log::Logger logger;
};

struct SqliteStats {
  uint64_t commits = 0;                 // index transactions committed
  uint64_t write_jobs = 0;              // write calls run (an AppendMany is one)
  uint64_t largest_batch = 0;           // most write calls in one commit
  uint64_t background_checkpoints = 0;  // WAL copied into the database off the commit path
  uint64_t writer_checkpoints = 0;      // the same by the writer, letting the WAL start over
};

// The concrete store, for the few callers that need its statistics (status, tests).
class SqliteStore : public Store {
 public:
  virtual SqliteStats stats() const = 0;
};

// Creates the data directory if needed, brings the schema up to date and starts the
// threads. kUnavailable if the database was written by a newer Tern (its schema version
// is newer than this binary's); kIo/kCorrupt if it cannot be opened.
Result<std::unique_ptr<Store>> OpenSqliteStore(SqliteOptions options);

}  // namespace tern::store::sqlite
