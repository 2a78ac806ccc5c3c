#pragma once
// The full-text index part of the store conformance suite (text_index_conformance_test.cc).
// A backend joins with a TextIndexBackend whose `open` hands the extractor to the store.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/blob_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace tern::store::testing {

struct TextIndexBackend {
  std::string name;
  // Opens the store in `dir` (again: the same data) indexing with `extractor`; an empty
  // extractor: no indexing.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir,
                                               TextExtractor extractor)>
      open;
};

inline void PrintTo(const TextIndexBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string TextBackendName(const ::testing::TestParamInfo<TextIndexBackend>& info) {
  return info.param.name;
}

class TextIndexConformanceTest : public ::testing::TestWithParam<TextIndexBackend> {
 protected:
  void SetUp() override { Reopen(); }
  void TearDown() override { store_.reset(); }

  void Reopen(bool indexing = true);
  AccountId MakeAccount(std::string name);
  AppendResult Append(AccountId account, std::string mailbox, std::string_view body);
  // Waits until the mailbox's watermark reaches `below`.
  void WaitIndexed(MailboxId mailbox, Uid below);
  TextCandidates Find(MailboxId mailbox, std::vector<std::vector<TextTerm>> any_of);
  std::vector<Uid> Uids(MailboxId mailbox, TextField field, std::string needle);

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace tern::store::testing
