#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/run_on_pool.h"
#include "store/change_feed.h"
#include "store/file_blob_store.h"
#include "store/normalize.h"
#include "store/sqlite/migrate.h"
#include "store/sqlite/ops.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/sqlite_blob_store.h"
#include "store/sqlite/summaries.h"
#include "store/sqlite/text_index.h"
#include "store/sqlite/text_indexer.h"
#include "store/sqlite/writer.h"

namespace tern::store::sqlite {
namespace {

namespace asio = boost::asio;

// A write call waiting in the writer's queue: runs `fn` on the writer thread, then
// resumes the caller on the executor associated with its completion handler.
template <typename T, typename Fn, typename Handler>
class Job final : public WriteJob {
 public:
  Job(Fn fn, Handler handler) : fn_(std::move(fn)), handler_(std::move(handler)) {}

  Status Run(Connection& db, ChangeEvents& events) noexcept override {
    try {
      result_ = fn_(db, events);
    } catch (const std::exception& e) {
      result_ = Fail(ErrorCode::kInternal, "internal error",
                     fmt::format("exception in store write: {}", e.what()));
    } catch (...) {
      result_ = Fail(ErrorCode::kInternal, "internal error", "unknown exception in store write");
    }
    if (result_) return Ok();
    return Fail(result_.error());
  }

  void Complete(const Status& commit) noexcept override {
    if (!commit) result_ = Fail(commit.error());
    auto ex = asio::get_associated_executor(handler_);
    asio::dispatch(ex, [h = std::move(handler_), r = std::move(result_)]() mutable {
      std::move(h)(std::move(r));
    });
  }

 private:
  Fn fn_;
  Handler handler_;
  Result<T> result_ = Fail(ErrorCode::kInternal, "internal error", "write job never ran");
};

class SqliteStoreImpl final : public SqliteStore {
 public:
  SqliteStoreImpl(SqliteOptions options, std::unique_ptr<FileBlobStore> files,
                  std::unique_ptr<Connection> writer_db, std::unique_ptr<Connection> checkpoint_db,
                  std::vector<std::unique_ptr<Connection>> readers)
      : options_(std::move(options)),
        readers_(std::move(readers)),
        blobs_(std::move(files), readers_, options_.inline_blob_max),
        read_pool_(static_cast<size_t>(std::max(1, options_.read_threads))),
        writer_(std::make_unique<Writer>(
            std::move(writer_db), std::move(checkpoint_db), feed_,
            WriterOptions{options_.group_commit_max, options_.checkpoint, options_.logger})) {
    if (options_.text_extractor) {
      indexer_ = std::make_unique<TextIndexer>(readers_, blobs_, *writer_,
                                               options_.text_extractor, options_.logger);
    }
  }

  // Drains the write queue and finishes running reads before anything is torn down.
  ~SqliteStoreImpl() override {
    indexer_.reset();  // it writes through writer_
    const SqliteStats s = stats();
    writer_.reset();
    read_pool_.join();
    // What the group commit and the checkpoints did, for whoever tunes a busy store.
    options_.logger.Protocol(
        "store: {} commits of {} writes (at most {} in one), WAL checkpoints {} in the "
        "background and {} by the writer",
        s.commits, s.write_jobs, s.largest_batch, s.background_checkpoints, s.writer_checkpoints);
  }

  Task<Account> CreateAccount(NewAccount account) override {
    return Write<Account>([a = std::move(account)](Connection& db, ChangeEvents&) {
      return ops::CreateAccount(db, a);
    });
  }
  Task<Account> GetAccount(std::string name) override {
    return Read([n = std::move(name)](Connection& db) { return ops::GetAccount(db, n); });
  }
  Task<std::vector<Account>> ListAccounts() override {
    return Read([](Connection& db) { return ops::ListAccounts(db); });
  }
  Task<Account> UpdateAccount(std::string name, AccountUpdate update) override {
    return Write<Account>(
        [n = std::move(name), u = std::move(update)](Connection& db, ChangeEvents&) {
          return ops::UpdateAccount(db, n, u);
        });
  }
  Task<void> DeleteAccount(std::string name) override {
    return Write<void>([n = std::move(name)](Connection& db, ChangeEvents& ev) {
      return ops::DeleteAccount(db, n, ev);
    });
  }

  Task<Mailbox> GetMailbox(AccountId account, std::string name) override {
    // The awaitables are named locals on purpose: GCC 12 destroys lambda temporaries
    // inside a co_await expression twice (double free).
    auto read =
        Read([account, name](Connection& db) { return ops::GetMailbox(db, account, name); });
    Result<Mailbox> found = co_await std::move(read);
    if (found || found.error().code != ErrorCode::kNotFound) co_return found;
    auto normalized = NormalizeMailboxName(name);
    if (!normalized || !IsInbox(*normalized)) co_return found;
    // INBOX exists for every account; it is created on first use (a write).
    auto create = Write<Mailbox>(
        [account](Connection& db, ChangeEvents&) { return ops::EnsureInbox(db, account); });
    co_return co_await std::move(create);
  }
  Task<std::vector<Mailbox>> ListMailboxes(AccountId account) override {
    return Read([account](Connection& db) { return ops::ListMailboxes(db, account); });
  }
  // The account events below are published once the write is durable and before the
  // caller resumes, as the writer does for mailbox events.
  Task<Mailbox> CreateMailbox(AccountId account, std::string name,
                              std::string special_use) override {
    auto write = Write<Mailbox>(
        [account, n = std::move(name), s = std::move(special_use)](Connection& db, ChangeEvents&) {
          return ops::CreateMailbox(db, account, n, s);
        });
    Result<Mailbox> created = co_await std::move(write);
    if (created) {
      feed_.PublishAccount({account, AccountEvent::Kind::kMailboxCreated, created->name, {}, {}});
    }
    co_return created;
  }
  Task<void> RenameMailbox(AccountId account, std::string from, std::string to) override {
    AccountEvent event{account, AccountEvent::Kind::kMailboxRenamed, to, from, {}};
    auto write = Write<void>(
        [account, f = std::move(from), t = std::move(to)](Connection& db, ChangeEvents& ev) {
          return ops::RenameMailbox(db, account, f, t, ev);
        });
    Status renamed = co_await std::move(write);
    if (renamed) feed_.PublishAccount(event);
    co_return renamed;
  }
  Task<void> DeleteMailbox(AccountId account, std::string name) override {
    AccountEvent event{account, AccountEvent::Kind::kMailboxDeleted, name, {}, {}};
    auto write = Write<void>([account, n = std::move(name)](Connection& db, ChangeEvents& ev) {
      return ops::DeleteMailbox(db, account, n, ev);
    });
    Status deleted = co_await std::move(write);
    if (deleted) feed_.PublishAccount(event);
    co_return deleted;
  }
  Task<void> SetSubscribed(AccountId account, std::string name, bool subscribed) override {
    AccountEvent event{account, AccountEvent::Kind::kSubscriptionChanged, name, {}, {}};
    auto write =
        Write<void>([account, n = std::move(name), subscribed](Connection& db, ChangeEvents&) {
          return ops::SetSubscribed(db, account, n, subscribed);
        });
    Status changed = co_await std::move(write);
    if (changed) feed_.PublishAccount(event);
    co_return changed;
  }
  Task<std::vector<std::string>> ListSubscriptions(AccountId account) override {
    return Read([account](Connection& db) { return ops::ListSubscriptions(db, account); });
  }

  Task<std::vector<Result<AppendResult>>> AppendMany(std::vector<AppendRequest> requests) override {
    return Write<std::vector<Result<AppendResult>>>(
        [r = std::move(requests)](Connection& db, ChangeEvents& ev) {
          return ops::AppendMany(db, r, ev);
        });
  }
  Task<std::vector<MessageMeta>> ListMessages(MailboxId mailbox, ModSeq changed_since) override {
    return Read([mailbox, changed_since](Connection& db) {
      return ops::ListMessages(db, mailbox, changed_since);
    });
  }
  Task<std::vector<MessageMeta>> GetMessages(MailboxId mailbox, std::vector<Uid> uids,
                                             bool with_structure) override {
    return Read([mailbox, uids = std::move(uids), with_structure](Connection& db) mutable {
      return ops::GetMessages(db, mailbox, std::move(uids), with_structure);
    });
  }
  Task<std::vector<SummaryRow>> GetSummaries(MailboxId mailbox, std::vector<Uid> uids,
                                             SummaryPart part) override {
    return Read([mailbox, uids = std::move(uids), part](Connection& db) mutable {
      return sqlite::GetSummaries(db, mailbox, std::move(uids), part);
    });
  }
  Task<std::string> GetStructure(MailboxId mailbox, Uid uid) override {
    return Read([mailbox, uid](Connection& db) { return ops::GetStructure(db, mailbox, uid); });
  }
  Task<FlagChangeResult> ChangeFlags(MailboxId mailbox, std::vector<Uid> uids,
                                     FlagChange change) override {
    return Write<FlagChangeResult>([mailbox, u = std::move(uids), c = std::move(change)](
                                       Connection& db, ChangeEvents& ev) mutable {
      return ops::ChangeFlags(db, mailbox, std::move(u), c, ev);
    });
  }
  Task<ExpungeResult> Expunge(MailboxId mailbox, std::vector<Uid> uids) override {
    return Write<ExpungeResult>(
        [mailbox, u = std::move(uids)](Connection& db, ChangeEvents& ev) mutable {
          return ops::Expunge(db, mailbox, std::move(u), ev);
        });
  }
  Task<CopyResult> CopyMessages(MailboxId from, std::vector<Uid> uids, MailboxId to,
                                bool move) override {
    return Write<CopyResult>(
        [from, u = std::move(uids), to, move](Connection& db, ChangeEvents& ev) mutable {
          return ops::CopyMessages(db, from, std::move(u), to, move, ev);
        });
  }
  Task<std::vector<AppendResult>> AppendAll(std::vector<AppendRequest> requests) override {
    return Write<std::vector<AppendResult>>(
        [r = std::move(requests)](Connection& db, ChangeEvents& ev) {
          return ops::AppendAll(db, r, ev);
        });
  }
  Task<ReplaceResult> ReplaceMessage(MailboxId mailbox, Uid uid, AppendRequest request) override {
    return Write<ReplaceResult>(
        [mailbox, uid, r = std::move(request)](Connection& db, ChangeEvents& ev) {
          return ops::ReplaceMessage(db, mailbox, uid, r, ev);
        });
  }
  Task<std::vector<Uid>> Vanished(MailboxId mailbox, ModSeq since) override {
    return Read([mailbox, since](Connection& db) { return ops::Vanished(db, mailbox, since); });
  }
  Task<int64_t> PruneTombstones(UnixTime expunged_before) override {
    return Write<int64_t>([expunged_before](Connection& db, ChangeEvents&) {
      return ops::PruneTombstones(db, expunged_before);
    });
  }

  Task<MetadataValues> GetMetadata(AccountId account, std::string mailbox,
                                   MetadataQuery query) override {
    return Read([account, m = std::move(mailbox), q = std::move(query)](Connection& db) {
      return ops::GetMetadata(db, account, m, q);
    });
  }
  Task<void> SetMetadata(AccountId account, std::string mailbox,
                         std::vector<MetadataChange> changes, MetadataLimits limits) override {
    AccountEvent event{account, AccountEvent::Kind::kMetadataChanged, mailbox, {}, {}};
    for (const auto& change : changes) event.entries.push_back(change.name);
    auto write = Write<void>([account, m = std::move(mailbox), c = std::move(changes), limits](
                                 Connection& db, ChangeEvents& ev) {
      return ops::SetMetadata(db, account, m, c, limits, ev);
    });
    Status set = co_await std::move(write);
    if (set) feed_.PublishAccount(event);
    co_return set;
  }

  Task<TextCandidates> FindText(MailboxId mailbox, TextQuery query) override {
    return Read([mailbox, q = std::move(query)](Connection& db) {
      return sqlite::FindText(db, mailbox, q);
    });
  }
  Task<std::vector<StoredTextMatch>> MatchStoredText(MailboxId mailbox, std::vector<Uid> uids,
                                                     std::vector<TextTerm> terms) override {
    return Read([mailbox, u = std::move(uids), t = std::move(terms)](Connection& db) {
      return sqlite::MatchStoredText(db, mailbox, u, t);
    });
  }

  Task<std::vector<Uid>> ListPopDownloaded(MailboxId mailbox, int view) override {
    return Read(
        [mailbox, view](Connection& db) { return ops::ListPopDownloaded(db, mailbox, view); });
  }
  Task<void> ApplyPopUpdate(PopUpdate update) override {
    return Write<void>([u = std::move(update)](Connection& db, ChangeEvents& ev) {
      return ops::ApplyPopUpdate(db, u, ev);
    });
  }

  BlobStore& blobs() override { return blobs_; }
  ChangeFeed& changes() override { return feed_; }

  SqliteStats stats() const override {
    WriterStats w = writer_->stats();
    return SqliteStats{w.commits, w.jobs, w.largest_batch, w.checkpoints.background,
                       w.checkpoints.by_writer};
  }

 private:
  // Queues `fn` (Result<T>(Connection&, ChangeEvents&)) for the writer thread; the
  // awaitable completes after the batch holding it is durable.
  template <typename T, typename Fn>
  Task<T> Write(Fn fn) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(Result<T>)>(
        [this](auto handler, Fn f) {
          writer_->Submit(
              std::make_unique<Job<T, Fn, decltype(handler)>>(std::move(f), std::move(handler)));
        },
        asio::use_awaitable, std::move(fn));
  }

  // Runs `fn` (Result<T>(Connection&)) on a read thread with a read connection.
  template <typename Fn>
  auto Read(Fn fn) -> asio::awaitable<std::invoke_result_t<Fn&, Connection&>> {
    return RunOnPool(read_pool_.get_executor(), [this, f = std::move(fn)]() mutable {
      auto lease = readers_.Acquire();
      return f(*lease);
    });
  }

  SqliteOptions options_;
  ChangeFeed feed_;
  ReaderPool readers_;
  SqliteBlobStore blobs_;
  asio::thread_pool read_pool_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<TextIndexer> indexer_;  // null without options_.text_extractor
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(SqliteOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return Fail(ErrorCode::kIo, "cannot create the data directory",
                fmt::format("{}: {}", options.data_dir.string(), ec.message()));
  }
  auto blobs = FileBlobStore::OpenRoot({options.data_dir / "blobs", options.fsync});
  if (!blobs) return Fail(std::move(blobs).error());

  const auto db_path = options.data_dir / "index.db";
  auto writer_db = Connection::Open(db_path, {.fsync = options.fsync, .read_only = false});
  if (!writer_db) return Fail(std::move(writer_db).error());
  auto version = Migrate(**writer_db, SqliteMigrations());
  if (!version) return Fail(std::move(version).error());
  auto checkpoint_db = Connection::Open(db_path, {.fsync = options.fsync, .read_only = false});
  if (!checkpoint_db) return Fail(std::move(checkpoint_db).error());

  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < std::max(1, options.read_threads); ++i) {
    auto conn = Connection::Open(db_path, {.fsync = options.fsync, .read_only = true});
    if (!conn) return Fail(std::move(conn).error());
    readers.push_back(std::move(*conn));
  }
  options.logger.Trace("store: opened {} at schema version {}", db_path.string(), *version);
  return std::unique_ptr<Store>(new SqliteStoreImpl(std::move(options), std::move(*blobs),
                                                    std::move(*writer_db),
                                                    std::move(*checkpoint_db), std::move(readers)));
}

}  // namespace tern::store::sqlite
