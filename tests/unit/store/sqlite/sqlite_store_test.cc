// The SQLite backend: runs the conformance suite over it, and checks what only it has
// (group-commit statistics, blob reference counts, schema migrations, two processes).

#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "../store_conformance.h"
#include "store/blob_hasher.h"
#include "store/blob_store.h"
#include "store/change_feed.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrate.h"

namespace tern::store::testing {
namespace {

namespace fs = std::filesystem;
using sqlite::Connection;
using sqlite::OpenSqliteStore;
using sqlite::SqliteOptions;
using sqlite::SqliteStore;

Result<std::unique_ptr<Store>> OpenForTest(const fs::path& dir, bool fsync = false) {
  SqliteOptions options;
  options.data_dir = dir;
  options.fsync = fsync;
  options.read_threads = 2;
  return OpenSqliteStore(std::move(options));
}

// Reads one integer with a private connection (as another process would).
int64_t QueryInt(const fs::path& dir, std::string_view sql, std::string_view arg = {}) {
  auto db = Connection::Open(dir / "index.db", {.fsync = false, .read_only = true});
  EXPECT_TRUE(db);
  auto q = (*db)->Prepare(sql);
  EXPECT_TRUE(q) << q.error().ToLogString();
  if (!arg.empty()) q->Bind(1, arg);
  auto row = q->Step();
  EXPECT_TRUE(row && *row) << sql;
  return q->Int(0);
}

StoreBackend SqliteBackend() {
  return StoreBackend{
      .name = "Sqlite",
      .open = [](const fs::path& dir) { return OpenForTest(dir); },
      .commits = [](Store& s) -> std::optional<uint64_t> {
        return dynamic_cast<SqliteStore&>(s).stats().commits;
      },
      .blob_refs = [](const fs::path& dir, std::string_view blob_id) -> std::optional<int64_t> {
        return QueryInt(dir, "SELECT COALESCE((SELECT refcount FROM blobs WHERE id = ?), 0)",
                        blob_id);
      }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(SqliteBackend()),
                         BackendName);

size_t CountBlobFiles(const fs::path& blobs) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(blobs)) {
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
  }
  return n;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(SqliteStoreTest, CreatesDataDirectoryLayout) {
  auto store = OpenForTest(dir_.path() / "new" / "data");
  ASSERT_TRUE(store) << store.error().ToLogString();
  EXPECT_TRUE(fs::exists(dir_.path() / "new" / "data" / "index.db"));
  EXPECT_TRUE(fs::is_directory(dir_.path() / "new" / "data" / "blobs" / "tmp"));
}

TEST_F(SqliteStoreTest, GroupCommitBatchesConcurrentAppends) {
  // fsync on: each commit costs a real fsync, which is what group commit amortises.
  auto opened = OpenForTest(dir_.path(), /*fsync=*/true);
  ASSERT_TRUE(opened);
  auto& store = dynamic_cast<SqliteStore&>(**opened);
  auto account = RunTask(store.CreateAccount(Named("alice")));
  ASSERT_TRUE(account);
  auto w = store.blobs().Create();
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->Write("the same body for everyone"));
  auto blob = (*w)->Commit();
  ASSERT_TRUE(blob);

  constexpr int kAppends = 400;
  const uint64_t commits_before = store.stats().commits;
  boost::asio::io_context io;
  std::atomic<int> ok{0};
  for (int i = 0; i < kAppends; ++i) {
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          AppendRequest r;
          r.account = account->id;
          r.message.blob_id = *blob;
          r.message.size = 26;
          auto res = co_await store.Append(std::move(r));
          if (res) ++ok;
        },
        boost::asio::detached);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&io] { io.run(); });
  for (auto& t : threads) t.join();

  EXPECT_EQ(ok.load(), kAppends);
  auto stats = store.stats();
  uint64_t commits = stats.commits - commits_before;
  std::printf("[          ] group commit: %d appends, %llu commits, largest batch %llu\n", kAppends,
              static_cast<unsigned long long>(commits),
              static_cast<unsigned long long>(stats.largest_batch));
  EXPECT_LT(commits, static_cast<uint64_t>(kAppends));
  EXPECT_GT(stats.largest_batch, 1u);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT refcount FROM blobs WHERE id = ?", *blob), kAppends);
}

TEST_F(SqliteStoreTest, DedupKeepsOneFileWithARefcount) {
  auto store = OpenForTest(dir_.path());
  ASSERT_TRUE(store);
  auto a = RunTask((*store)->CreateAccount(Named("alice")));
  auto b = RunTask((*store)->CreateAccount(Named("bob")));
  ASSERT_TRUE(a && b);
  std::string ids[2];
  for (auto& id : ids) {
    auto w = (*store)->blobs().Create();
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->Write("Subject: hi\r\n\r\nsame bytes\r\n"));
    id = *(*w)->Commit();
  }
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_EQ(CountBlobFiles(dir_.path() / "blobs"), 1u);

  AppendRequest r;
  r.account = a->id;
  r.message.blob_id = ids[0];
  r.message.size = 27;
  auto first = RunTask((*store)->Append(r));
  ASSERT_TRUE(first);
  r.account = b->id;
  ASSERT_TRUE(RunTask((*store)->Append(r)));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT refcount FROM blobs WHERE id = ?", ids[0]), 2);

  ASSERT_TRUE(RunTask((*store)->Expunge(first->mailbox, {first->uid})));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT refcount FROM blobs WHERE id = ?", ids[0]), 1);
  // Deleting the account releases its blobs.
  ASSERT_TRUE(RunTask((*store)->DeleteAccount("bob")));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT refcount FROM blobs WHERE id = ?", ids[0]), 0);
}

TEST_F(SqliteStoreTest, ChangeIsDurableBeforeItIsPublished) {
  auto store = OpenForTest(dir_.path());
  ASSERT_TRUE(store);
  auto a = RunTask((*store)->CreateAccount(Named("alice")));
  ASSERT_TRUE(a);
  auto inbox = RunTask((*store)->GetMailbox(a->id, "INBOX"));
  ASSERT_TRUE(inbox);
  std::promise<int64_t> seen_rows;
  bool once = false;
  auto sub = (*store)->changes().Subscribe(inbox->id, [&](MailboxId, ModSeq modseq) {
    if (once) return;
    once = true;
    // Another connection (another process) already sees the change when it is announced.
    seen_rows.set_value(QueryInt(
        dir_.path(), "SELECT count(*) FROM messages WHERE modseq = " + std::to_string(modseq)));
  });
  auto w = (*store)->blobs().Create();
  ASSERT_TRUE((*w)->Write("x"));
  AppendRequest r;
  r.account = a->id;
  r.message.blob_id = *(*w)->Commit();
  r.message.size = 1;
  ASSERT_TRUE(RunTask((*store)->Append(r)));
  auto f = seen_rows.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get(), 1);
}

TEST_F(SqliteStoreTest, FreshDatabaseIsAtTheLatestSchema) {
  ASSERT_TRUE(OpenForTest(dir_.path()));
  const auto latest = static_cast<int64_t>(sqlite::SqliteMigrations().back().version);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT MAX(version) FROM schema_version"), latest);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM schema_version"), latest);
  // Reopening applies nothing twice.
  ASSERT_TRUE(OpenForTest(dir_.path()));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM schema_version"), latest);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromTheFuture) {
  ASSERT_TRUE(OpenForTest(dir_.path()));
  {
    auto db = Connection::Open(dir_.path() / "index.db", {.fsync = false});
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Exec(
        "INSERT INTO schema_version (version, name, applied) VALUES (9999, 'future', 0)"));
  }
  auto store = OpenForTest(dir_.path());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().public_text.find("9999"), std::string::npos) << store.error().public_text;
  EXPECT_NE(store.error().public_text.find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, MigrationsApplyInOrderOnlyOnce) {
  auto db = Connection::Open(dir_.path() / "m.db", {.fsync = false});
  ASSERT_TRUE(db);
  std::vector<sqlite::Migration> steps = {
      {1, "one", "CREATE TABLE t (a INTEGER);"},
      {2, "two", "ALTER TABLE t ADD COLUMN b TEXT; INSERT INTO t VALUES (1, 'x');"},
  };
  auto v = sqlite::Migrate(**db, steps);
  ASSERT_TRUE(v) << v.error().ToLogString();
  EXPECT_EQ(*v, 2);
  steps.push_back({3, "three", "INSERT INTO t VALUES (2, 'y');"});
  ASSERT_EQ(*sqlite::Migrate(**db, steps), 3);
  ASSERT_EQ(*sqlite::Migrate(**db, steps), 3);
  auto q = (*db)->Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(q && *q->Step());
  EXPECT_EQ(q->Int(0), 2);  // step 2 and 3 each ran exactly once
}

TEST_F(SqliteStoreTest, FailingMigrationChangesNothing) {
  auto db = Connection::Open(dir_.path() / "m.db", {.fsync = false});
  ASSERT_TRUE(db);
  std::vector<sqlite::Migration> steps = {
      {1, "one", "CREATE TABLE t (a INTEGER);"},
      {2, "broken", "INSERT INTO nowhere VALUES (1);"},
  };
  auto v = sqlite::Migrate(**db, steps);
  ASSERT_FALSE(v);
  auto q = (*db)->Prepare("SELECT count(*) FROM sqlite_master WHERE name = 't'");
  ASSERT_TRUE(q && *q->Step());
  EXPECT_EQ(q->Int(0), 0);
  std::vector<sqlite::Migration> gap = {{2, "gap", "SELECT 1;"}};
  auto g = sqlite::Migrate(**db, gap);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::kInternal);
}

// Schema 4 counts \Deleted messages per mailbox: a database from before it gets the
// counts back-filled, and the replaced triggers keep them from then on.
TEST_F(SqliteStoreTest, MigrationBackFillsDeletedCounts) {
  {
    auto db = Connection::Open(dir_.path() / "index.db", {.fsync = false});
    ASSERT_TRUE(db);
    auto before = sqlite::SqliteMigrations().first(3);
    ASSERT_EQ(before.back().version, 3);
    ASSERT_TRUE(sqlite::Migrate(**db, before));
    // Flags: 8 is \Deleted, 1 is \Seen.
    auto filled = (*db)->Exec(
        "INSERT INTO accounts (id, name, services, created) VALUES (1, 'alice', 15, 0);"
        "INSERT INTO mailboxes (id, account_id, name, uid_validity) VALUES "
        "  (1, 1, 'INBOX', 1), (2, 1, 'Work', 2);"
        "INSERT INTO messages (mailbox_id, uid, modseq, flags, internal_date, save_date, size, "
        "  blob_id, email_id, structure) VALUES (1, 1, 1, 8, 0, 0, 1, 'b', 1, ''),"
        "  (1, 2, 1, 9, 0, 0, 1, 'b', 2, ''), (1, 3, 1, 1, 0, 0, 1, 'b', 3, ''),"
        "  (2, 1, 1, 8, 0, 0, 1, 'b', 4, '');");
    ASSERT_TRUE(filled) << filled.error().ToLogString();
  }
  auto store = OpenForTest(dir_.path());
  ASSERT_TRUE(store) << store.error().ToLogString();
  auto inbox = RunTask((*store)->GetMailbox(1, "INBOX"));
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->messages, 3u);
  EXPECT_EQ(inbox->deleted, 2u);
  EXPECT_EQ(inbox->unseen, 1u);
  EXPECT_EQ(RunTask((*store)->GetMailbox(1, "Work"))->deleted, 1u);

  ASSERT_TRUE(RunTask((*store)->ChangeFlags(1, {1, 3}, Flags(FlagOp::kReplace, kFlagSeen))));
  inbox = RunTask((*store)->GetMailbox(1, "INBOX"));
  EXPECT_EQ(inbox->deleted, 1u);
  EXPECT_EQ(inbox->unseen, 0u);
  ASSERT_TRUE(RunTask((*store)->Expunge(1, {2})));
  inbox = RunTask((*store)->GetMailbox(1, "INBOX"));
  EXPECT_EQ(inbox->deleted, 0u);
  EXPECT_EQ(inbox->messages, 2u);
}

// Small bodies are rows of the index, not files; a body already stored as a file is
// not stored again inline.
TEST_F(SqliteStoreTest, InlineBodiesAreRowsNotFiles) {
  auto store = OpenForTest(dir_.path());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->blobs().max_inline_size(), int64_t{64} << 10);
  auto a = RunTask((*store)->CreateAccount(Named("alice")));
  ASSERT_TRUE(a);
  ASSERT_TRUE(RunTask((*store)->Append(InlineRequest(a->id, "Subject: x\r\n\r\ninline\r\n"))));
  EXPECT_EQ(CountBlobFiles(dir_.path() / "blobs"), 0u);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM inline_blobs"), 1);

  const std::string bytes = "Subject: y\r\n\r\nfile first\r\n";
  auto w = (*store)->blobs().Create();
  ASSERT_TRUE(w && (*w)->Write(bytes));
  auto file_id = (*w)->Commit();
  ASSERT_TRUE(file_id);
  AppendRequest as_file = InlineRequest(a->id, bytes);
  as_file.message.inline_body = nullptr;
  ASSERT_TRUE(RunTask((*store)->Append(as_file)));
  ASSERT_TRUE(RunTask((*store)->Append(InlineRequest(a->id, bytes))));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM inline_blobs"), 1);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT refcount FROM blobs WHERE id = ?", *file_id), 2);

  SqliteOptions none;
  none.data_dir = dir_.path() / "other";
  none.fsync = false;
  none.inline_blob_max = 0;
  auto files_only = OpenSqliteStore(std::move(none));
  ASSERT_TRUE(files_only);
  EXPECT_EQ((*files_only)->blobs().max_inline_size(), 0);
}

// Fault injection: the append fails after its inline body was written (a trigger aborts
// the mailbox update that follows), and the body is rolled back with the message.
TEST_F(SqliteStoreTest, InlineBodyAndItsMessageCommitTogether) {
  auto store = OpenForTest(dir_.path());
  ASSERT_TRUE(store);
  auto a = RunTask((*store)->CreateAccount(Named("alice")));  // with its INBOX
  ASSERT_TRUE(a);
  auto inject = [&](std::string_view sql) {
    auto db = Connection::Open(dir_.path() / "index.db", {.fsync = false});
    ASSERT_TRUE(db && (*db)->Exec(sql));
  };
  inject(
      "CREATE TRIGGER inject_failure BEFORE UPDATE OF uid_next ON mailboxes "
      "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
  AppendRequest r = InlineRequest(a->id, "Subject: z\r\n\r\nboth or none\r\n");
  EXPECT_FALSE(RunTask((*store)->Append(r)));
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM messages"), 0);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM inline_blobs"), 0);
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(*) FROM blobs WHERE refcount > 0"), 0);
  auto missing = (*store)->blobs().Open(r.message.blob_id);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  inject("DROP TRIGGER inject_failure");
  ASSERT_TRUE(RunTask((*store)->Append(r)));
  EXPECT_EQ(*(*store)->blobs().ReadAll(r.message.blob_id), *r.message.inline_body);
}

// The WAL is copied into the database off the commit path and starts over at its limit,
// so it stays bounded under a stream of deliveries; nothing is lost on the way. Run once
// with the background checkpoint doing the work, once with it never due, so that the
// writer's own checkpoint at the limit (its fallback under sustained load) does it.
TEST_F(SqliteStoreTest, CheckpointsKeepTheWalBounded) {
  for (bool background : {true, false}) {
    SCOPED_TRACE(background ? "background" : "writer");
    const fs::path dir = dir_.path() / (background ? "background" : "writer");
    SqliteOptions options;
    options.data_dir = dir;
    options.fsync = false;
    options.checkpoint = {.background_frames = background ? 20 : 1000000, .restart_frames = 100};
    auto opened = OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened);
    auto& store = dynamic_cast<SqliteStore&>(**opened);
    auto a = RunTask(store.CreateAccount(Named("alice")));
    ASSERT_TRUE(a);
    constexpr int kMessages = 200;
    std::vector<std::string> ids;
    for (int i = 0; i < kMessages; ++i) {
      std::string body(6000, static_cast<char>('a' + i % 26));
      body += std::to_string(i);
      AppendRequest r = InlineRequest(a->id, body);
      ids.push_back(r.message.blob_id);
      ASSERT_TRUE(RunTask(store.Append(std::move(r))));
    }
    const sqlite::SqliteStats stats = store.stats();
    EXPECT_GT(background ? stats.background_checkpoints : stats.writer_checkpoints, 0u);
    // Each append is a commit of a few frames: the WAL never held many more than 100.
    constexpr uintmax_t kFrame = 24 + 4096;
    EXPECT_LT(fs::file_size(dir / "index.db-wal"), 32 + 150 * kFrame);
    // The bodies are in the database file itself, not only in the WAL.
    EXPECT_GT(fs::file_size(dir / "index.db"), uintmax_t{kMessages} * 6000);
    for (int i : {0, kMessages / 2, kMessages - 1}) {
      EXPECT_EQ(store.blobs().ReadAll(ids[i])->size(), 6000 + std::to_string(i).size());
    }
    opened->reset();
    EXPECT_EQ(QueryInt(dir, "SELECT count(*) FROM messages"), kMessages);
  }
}

// The daemon and the `tern user add` CLI open the same data directory at once.
TEST_F(SqliteStoreTest, TwoStoresOnOneDirectoryBothWrite) {
  auto daemon = OpenForTest(dir_.path(), true);
  auto cli = OpenForTest(dir_.path(), true);
  ASSERT_TRUE(daemon && cli);
  std::atomic<int> ok{0};
  auto create = [&](Store& s, std::string prefix) {
    for (int i = 0; i < 20; ++i) {
      if (RunTask(s.CreateAccount(Named(prefix + std::to_string(i))))) ++ok;
    }
  };
  std::thread t1(create, std::ref(**daemon), "d");
  std::thread t2(create, std::ref(**cli), "c");
  t1.join();
  t2.join();
  EXPECT_EQ(ok.load(), 40);
  auto all = RunTask((*daemon)->ListAccounts());
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 40u);
  // UIDVALIDITY is unique across both writers too.
  EXPECT_EQ(QueryInt(dir_.path(), "SELECT count(DISTINCT uid_validity) FROM mailboxes"), 40);
}

}  // namespace
}  // namespace tern::store::testing
