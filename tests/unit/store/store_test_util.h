#pragma once
// Helpers for store tests: drive awaitables to completion and make temp directories.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"
#include "store/types.h"

namespace tern::store::testing {

// Runs `task` on a fresh io_context on this thread until it completes; returns its value.
template <typename T>
T RunTask(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  std::optional<T> out;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) out.emplace(std::move(value));
  });
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

inline NewAccount Named(std::string name, int64_t quota_bytes = 0) {
  NewAccount a;
  a.name = std::move(name);
  a.quota_bytes = quota_bytes;
  return a;
}

inline FlagChange Flags(FlagOp op, uint32_t flags, std::vector<std::string> keywords = {},
                        std::optional<ModSeq> unchanged_since = std::nullopt) {
  FlagChange c;
  c.op = op;
  c.flags = flags;
  c.keywords = std::move(keywords);
  c.unchanged_since = unchanged_since;
  return c;
}

// Stores `body` as a blob of `store` and appends it to `mailbox`, failing the calling
// test if either step fails.
inline AppendResult AppendBody(Store& store, AccountId account, std::string mailbox,
                               std::string_view body, UnixTime date = 1700000000,
                               std::string structure = {}) {
  AppendRequest r;
  r.account = account;
  r.mailbox = std::move(mailbox);
  auto w = store.blobs().Create();
  EXPECT_TRUE(w);
  EXPECT_TRUE((*w)->Write(body));
  auto id = (*w)->Commit();
  EXPECT_TRUE(id);
  r.message.blob_id = id.value_or("");
  r.message.size = static_cast<int64_t>(body.size());
  r.message.internal_date = date;
  r.message.structure = std::move(structure);
  auto done = RunTask(store.Append(std::move(r)));
  EXPECT_TRUE(done) << done.error().ToLogString();
  return done.value_or(AppendResult{});
}

// A fresh directory under the system temp dir, removed when destroyed.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("tern-store-test-{:08x}{:08x}", rd(), rd());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tern::store::testing
