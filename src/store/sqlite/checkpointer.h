#pragma once
// Copies the WAL into the database file on a thread of its own, so that the writer's
// commits never wait for it. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses its threshold: every few batches the writer (and every caller in its batch)
// would wait while some thousand pages are written and the database file is fsynced.
//
// A PASSIVE checkpoint runs beside the writer and the readers. It cannot end with the
// WAL wholly copied while the writer keeps appending, and SQLite only starts the WAL
// over from its beginning once it is, so under sustained load the WAL would grow without
// bound. The writer therefore checkpoints by itself (after answering its batch) once the
// WAL reaches `restart_frames`: with nothing appended meanwhile, what the background has
// not copied yet is copied, and the next commit starts the WAL over. (Unless a reader
// still reads an old snapshot then; the writer tries again after its next batch.)
//
// Thread-safety: AfterBatch is for the writer thread only; the checkpointer's own thread
// uses nothing else.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "store/sqlite/connection.h"

namespace tern::store::sqlite {

struct CheckpointOptions {
  // Copy in the background once this many frames (pages) of the WAL are not yet in the
  // database: SQLite's own default threshold.
  int background_frames = 1000;
  // The writer copies the rest and lets the WAL start over at this size (about 40 MB of
  // 4 KiB pages).
  int restart_frames = 10000;
};

class Checkpointer {
 public:
  // `db` is a read-write connection of its own; `writer` is the writer's connection,
  // whose commits this checkpointer now follows (it takes over its WAL hook).
  Checkpointer(std::unique_ptr<Connection> db, Connection& writer, CheckpointOptions options,
               log::Logger logger);
  // Stops the thread after any checkpoint in progress.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // On the writer thread, after a batch is committed and answered: wakes the background
  // checkpoint when due, or checkpoints on the writer's connection when the WAL is due
  // to start over. Blocks only in that last case.
  void AfterBatch();

  // Checkpoints run so far by the thread and by the writer (thread-safe).
  struct Counts {
    uint64_t background = 0;
    uint64_t by_writer = 0;
  };
  Counts counts() const;

 private:
  void Loop();

  std::unique_ptr<Connection> db_;
  Connection& writer_;
  const CheckpointOptions options_;
  log::Logger logger_;
  int wal_frames_ = 0;   // writer thread only: the WAL's size after its last commit
  int last_frames_ = 0;  // writer thread only: wal_frames_ at the previous AfterBatch

  std::mutex checkpoint_mu_;  // held while either connection checkpoints; never with mu_
  mutable std::mutex mu_;
  std::condition_variable wake_;
  int requested_frames_ = 0;  // the WAL's size when a checkpoint was last asked for
  int checkpointed_ = 0;      // frames in the database after the last checkpoint
  bool stopping_ = false;
  Counts counts_;
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace tern::store::sqlite
