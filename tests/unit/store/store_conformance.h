#pragma once
// The store conformance suite: the same tests run over every backend. A backend joins by
// instantiating it with a factory (see sqlite/sqlite_store_test.cc):
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(SqliteBackend()), BackendName);

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/blob_hasher.h"
#include "store/blob_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace tern::store::testing {

struct StoreBackend {
  std::string name;
  // Opens the backend's store keeping its data in `dir`. Opening again with the same
  // dir must reopen the same data (tests check persistence across reopen).
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> open;
  // Index commits so far, if the backend counts them (group-commit checks); else empty.
  std::function<std::optional<uint64_t>(Store&)> commits;
  // How many messages use the blob, if the backend counts references; else empty.
  std::function<std::optional<int64_t>(const std::filesystem::path& dir, std::string_view blob_id)>
      blob_refs;
};

// gtest prints parameters with this (instead of a byte dump).
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

// A request to append `body` to the account's INBOX, the body going inline with it.
inline AppendRequest InlineRequest(AccountId account, std::string_view body) {
  AppendRequest r;
  r.account = account;
  auto id = BlobIdOf(body);
  EXPECT_TRUE(id);
  r.message.blob_id = id.value_or("");
  r.message.inline_body = std::make_shared<const std::string>(body);
  r.message.size = static_cast<int64_t>(body.size());
  return r;
}

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override { Reopen(); }
  void TearDown() override { store_.reset(); }

  void Reopen() {
    store_.reset();
    auto opened = GetParam().open(dir_.path());
    ASSERT_TRUE(opened) << opened.error().ToLogString();
    store_ = std::move(*opened);
  }

  template <typename T>
  T Run(boost::asio::awaitable<T> task) {
    return RunTask(std::move(task));
  }

  Account MakeAccount(std::string name, int64_t quota = 0) {
    auto a = Run(store_->CreateAccount(Named(std::move(name), quota)));
    EXPECT_TRUE(a) << a.error().ToLogString();
    return a.value_or(Account{});
  }

  // Stores `bytes` as a blob and returns its id.
  std::string PutBlob(std::string_view bytes) {
    auto w = store_->blobs().Create();
    EXPECT_TRUE(w);
    EXPECT_TRUE((*w)->Write(bytes));
    auto id = (*w)->Commit();
    EXPECT_TRUE(id) << id.error().ToLogString();
    return id.value_or("");
  }

  AppendRequest Message(AccountId account, std::string mailbox, std::string_view body,
                        uint32_t flags = 0) {
    AppendRequest r;
    r.account = account;
    r.mailbox = std::move(mailbox);
    r.message.blob_id = PutBlob(body);
    r.message.size = static_cast<int64_t>(body.size());
    r.message.internal_date = 1700000000;
    r.message.flags = flags;
    r.message.structure = "structure:" + std::string(body);
    return r;
  }

  AppendResult Append(AccountId account, std::string mailbox, std::string_view body,
                      uint32_t flags = 0) {
    auto r = Run(store_->Append(Message(account, std::move(mailbox), body, flags)));
    EXPECT_TRUE(r) << r.error().ToLogString();
    return r.value_or(AppendResult{});
  }

  // As Message, but the body goes inline with the request (blob_store.h).
  AppendRequest InlineMessage(AccountId account, std::string mailbox, std::string_view body) {
    AppendRequest r = InlineRequest(account, body);
    r.mailbox = std::move(mailbox);
    r.message.internal_date = 1700000000;
    r.message.structure = "structure:" + std::string(body);
    return r;
  }

  AppendResult AppendInline(AccountId account, std::string mailbox, std::string_view body) {
    auto r = Run(store_->Append(InlineMessage(account, std::move(mailbox), body)));
    EXPECT_TRUE(r) << r.error().ToLogString();
    return r.value_or(AppendResult{});
  }

  Mailbox GetMailbox(AccountId account, std::string name) {
    auto m = Run(store_->GetMailbox(account, std::move(name)));
    EXPECT_TRUE(m) << m.error().ToLogString();
    return m.value_or(Mailbox{});
  }

  // The account's mailbox names, as ListMailboxes orders them.
  std::vector<std::string> MailboxNames(AccountId account) {
    auto list = Run(store_->ListMailboxes(account));
    EXPECT_TRUE(list) << list.error().ToLogString();
    std::vector<std::string> names;
    for (const auto& m : list.value_or(std::vector<Mailbox>{})) names.push_back(m.name);
    return names;
  }

  std::optional<int64_t> BlobRefs(std::string_view blob_id) {
    return GetParam().blob_refs ? GetParam().blob_refs(dir_.path(), blob_id) : std::nullopt;
  }

  // The mailbox's counters agree with its messages.
  void ExpectCountsConsistent(AccountId account, const std::string& name) {
    Mailbox m = GetMailbox(account, name);
    auto msgs = Run(store_->ListMessages(m.id, 0));
    ASSERT_TRUE(msgs);
    uint32_t unseen = 0;
    uint32_t deleted = 0;
    int64_t size = 0;
    for (const auto& msg : *msgs) {
      if ((msg.flags & kFlagSeen) == 0) ++unseen;
      if ((msg.flags & kFlagDeleted) != 0) ++deleted;
      size += msg.size;
    }
    EXPECT_EQ(m.messages, msgs->size()) << name;
    EXPECT_EQ(m.unseen, unseen) << name;
    EXPECT_EQ(m.deleted, deleted) << name;
    EXPECT_EQ(m.size, size) << name;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace tern::store::testing
