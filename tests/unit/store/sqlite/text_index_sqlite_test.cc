// The full-text index conformance suite over the SQLite backend, and what only it has:
// the FTS5 documents go with their messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "../summary_conformance.h"
#include "../text_index_conformance.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/text_index.h"

namespace tern::store::testing {
namespace {

namespace fs = std::filesystem;

TextIndexBackend SqliteTextBackend() {
  return TextIndexBackend{
      .name = "Sqlite",
      .open = [](const fs::path& dir, TextExtractor extractor) {
        sqlite::SqliteOptions options;
        options.data_dir = dir;
        options.fsync = false;
        options.read_threads = 2;
        options.text_extractor = std::move(extractor);
        return sqlite::OpenSqliteStore(std::move(options));
      }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, TextIndexConformanceTest, ::testing::Values(SqliteTextBackend()),
                         TextBackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, SummaryConformanceTest, ::testing::Values(SqliteTextBackend()),
                         TextBackendName);

int64_t Documents(const fs::path& dir) {
  auto db = sqlite::Connection::Open(dir / "index.db", {.fsync = false, .read_only = true});
  EXPECT_TRUE(db);
  auto q = (*db)->Prepare("SELECT count(*) FROM text_index");
  EXPECT_TRUE(q);
  EXPECT_TRUE(q->Step().value_or(false));
  return q->Int(0);
}

class SqliteTextIndexTest : public TextIndexConformanceTest {};

TEST_P(SqliteTextIndexTest, DocumentsGoWithTheirMessages) {
  const AccountId a = MakeAccount("alice");
  Append(a, "INBOX", "h\n\none");
  const AppendResult r = Append(a, "Box", "h\n\ntwo");
  Append(a, "Box", "h\n\nthree");
  WaitIndexed(r.mailbox, 3);
  auto inbox = RunTask(store_->GetMailbox(a, "INBOX"));
  ASSERT_TRUE(inbox);
  WaitIndexed(inbox->id, 2);
  EXPECT_EQ(Documents(dir_.path()), 3);
  ASSERT_TRUE(RunTask(store_->Expunge(r.mailbox, {1})));
  EXPECT_EQ(Documents(dir_.path()), 2);
  ASSERT_TRUE(RunTask(store_->DeleteMailbox(a, "Box")));
  EXPECT_EQ(Documents(dir_.path()), 1);
  ASSERT_TRUE(RunTask(store_->DeleteAccount("alice")));
  EXPECT_EQ(Documents(dir_.path()), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteTextIndexTest, ::testing::Values(SqliteTextBackend()),
                         TextBackendName);

std::optional<std::string> Expression(std::vector<std::vector<TextTerm>> any_of) {
  return sqlite::TextMatchExpression(TextQuery{std::move(any_of)});
}

TEST(TextMatchExpressionTest, TrigramsPerColumn) {
  const TextTerm hello{TextField::kBody, "hello"};
  EXPECT_EQ(Expression({{hello}}), "(body : (\"hel\" AND \"ell\" AND \"llo\"))");
  const TextTerm aaaa{TextField::kHeader, "aaaa"};
  const TextTerm quote{TextField::kAny, "x\"y"};
  const TextTerm mull{TextField::kBody, "müll"};
  EXPECT_EQ(Expression({{aaaa, quote}, {mull}}),
            "(header : (\"aaa\") AND {header body} : (\"x\"\"y\")) OR (body : (\"mül\" AND "
            "\"üll\"))");
  // Needles too short are left out; a conjunction left empty matches everything.
  const TextTerm ab{TextField::kBody, "ab"};
  const TextTerm abc{TextField::kBody, "abc"};
  EXPECT_EQ(Expression({{ab, abc}}), "(body : (\"abc\"))");
  EXPECT_EQ(Expression({{ab}}), std::nullopt);
  EXPECT_EQ(Expression({}), std::nullopt);
  // Invalid UTF-8 is not looked up.
  EXPECT_EQ(Expression({{TextTerm{TextField::kBody, "ab\xFF"}}}), std::nullopt);
  // A long needle: at most kMaxTrigramsPerTerm of its trigrams, the first and last among them.
  const auto long_needle = Expression({{TextTerm{TextField::kBody, "abcdefghijklmnopqrstuvwxyz"}}});
  ASSERT_TRUE(long_needle);
  EXPECT_EQ(std::count(long_needle->begin(), long_needle->end(), '"'),
            2 * static_cast<long>(sqlite::kMaxTrigramsPerTerm));
  EXPECT_NE(long_needle->find("\"abc\""), std::string::npos);
  EXPECT_NE(long_needle->find("\"xyz\""), std::string::npos);
}

}  // namespace
}  // namespace tern::store::testing
