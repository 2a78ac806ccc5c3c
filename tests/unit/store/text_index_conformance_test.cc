// The full-text index (Store::FindText, store/text_index.h) as every backend must keep
// it: built in the background from the extractor's text, per mailbox up to a watermark,
// looking needles up as substrings, following expunge, copy, move, mailbox deletion and
// reopening. Backends join with INSTANTIATE_TEST_SUITE_P(..., TextIndexConformanceTest,
// ...) (see sqlite/text_index_sqlite_test.cc).

#include "text_index_conformance.h"

#include <cctype>
#include <chrono>
#include <thread>

namespace tern::store::testing {

// Test messages are "header text\n\nbody text"; the extractor lower-cases both halves
// and fails for a body starting with "FAIL".
Result<IndexText> FakeExtractor(std::string_view message, std::string_view /*structure*/) {
  const std::size_t split = message.find("\n\n");
  std::string header(message.substr(0, split));
  std::string body(split == std::string_view::npos ? "" : message.substr(split + 2));
  if (body.starts_with("FAIL")) return Fail(ErrorCode::kCorrupt, "cannot extract");
  for (std::string* s : {&header, &body}) {
    for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return IndexText{std::move(header), std::move(body)};
}

void TextIndexConformanceTest::Reopen(bool indexing) {
  store_.reset();
  auto opened = GetParam().open(dir_.path(), indexing ? TextExtractor(FakeExtractor) : nullptr);
  ASSERT_TRUE(opened) << opened.error().ToLogString();
  store_ = std::move(*opened);
}

AccountId TextIndexConformanceTest::MakeAccount(std::string name) {
  auto a = RunTask(store_->CreateAccount(Named(std::move(name))));
  EXPECT_TRUE(a) << a.error().ToLogString();
  return a ? a->id : 0;
}

AppendResult TextIndexConformanceTest::Append(AccountId account, std::string mailbox,
                                              std::string_view body) {
  AppendRequest r;
  r.account = account;
  r.mailbox = std::move(mailbox);
  auto w = store_->blobs().Create();
  EXPECT_TRUE(w);
  EXPECT_TRUE((*w)->Write(body));
  auto id = (*w)->Commit();
  EXPECT_TRUE(id);
  r.message.blob_id = id.value_or("");
  r.message.size = static_cast<int64_t>(body.size());
  r.message.internal_date = 1700000000;
  auto done = RunTask(store_->Append(std::move(r)));
  EXPECT_TRUE(done) << done.error().ToLogString();
  return done.value_or(AppendResult{});
}

void TextIndexConformanceTest::WaitIndexed(MailboxId mailbox, Uid below) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto found = RunTask(store_->FindText(mailbox, TextQuery{}));
    ASSERT_TRUE(found) << found.error().ToLogString();
    if (found->indexed_below >= below) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "mailbox " << mailbox << " not indexed up to UID " << below;
}

TextCandidates TextIndexConformanceTest::Find(MailboxId mailbox,
                                              std::vector<std::vector<TextTerm>> any_of) {
  auto found = RunTask(store_->FindText(mailbox, TextQuery{std::move(any_of)}));
  EXPECT_TRUE(found) << found.error().ToLogString();
  return found.value_or(TextCandidates{});
}

std::vector<Uid> TextIndexConformanceTest::Uids(MailboxId mailbox, TextField field,
                                                std::string needle) {
  return Find(mailbox, {{TextTerm{field, std::move(needle)}}}).uids;
}

namespace {

using U = std::vector<Uid>;
// One conjunction without terms: every indexed message.
const std::vector<std::vector<TextTerm>> kEverything{std::vector<TextTerm>{}};
constexpr TextField kH = TextField::kHeader;
constexpr TextField kB = TextField::kBody;
constexpr TextField kAny = TextField::kAny;

TEST_P(TextIndexConformanceTest, FindsSubstringsPerField) {
  const AccountId a = MakeAccount("alice");
  Append(a, "INBOX", "subject: quarterly report\n\nthe budget numbers");
  Append(a, "INBOX", "subject: lunch\n\nreport the numbers müller");
  const AppendResult last = Append(a, "INBOX", "from: bob\n\nzanzibarite\nline two");
  WaitIndexed(last.mailbox, 4);

  EXPECT_EQ(Uids(last.mailbox, kB, "number"), (U{1, 2}));
  EXPECT_EQ(Uids(last.mailbox, kH, "report"), (U{1}));
  EXPECT_EQ(Uids(last.mailbox, kAny, "report"), (U{1, 2}));
  EXPECT_EQ(Uids(last.mailbox, kB, "zibar"), (U{3}));   // inside a word
  EXPECT_EQ(Uids(last.mailbox, kB, "üll"), (U{2}));     // multi-byte characters
  EXPECT_EQ(Uids(last.mailbox, kB, "absent"), (U{}));
  EXPECT_EQ(Uids(last.mailbox, kB, "rite\nline"), (U{3}));  // across a line end
  // Long needles (more trigrams than are looked up) still find what has them.
  EXPECT_EQ(Uids(last.mailbox, kB, "report the numbers müller"), (U{2}));
  // AND within a conjunction, OR between them.
  EXPECT_EQ(Find(last.mailbox, {{{kB, "budget"}, {kH, "quarterly"}}}).uids, (U{1}));
  EXPECT_EQ(Find(last.mailbox, {{{kB, "budget"}, {kH, "lunch"}}}).uids, (U{}));
  EXPECT_EQ(Find(last.mailbox, {{{kB, "budget"}}, {{kH, "bob"}}}).uids, (U{1, 3}));
  // Quotes and FTS5 syntax in a needle are text.
  EXPECT_EQ(Uids(last.mailbox, kB, "\"or\" AND *"), (U{}));
  // A needle too short to look up narrows nothing: every indexed message.
  EXPECT_EQ(Uids(last.mailbox, kB, "nu"), (U{1, 2, 3}));
  EXPECT_EQ(Find(last.mailbox, kEverything).uids, (U{1, 2, 3}));
  EXPECT_EQ(Find(last.mailbox, kEverything).indexed_below, 4u);
}

TEST_P(TextIndexConformanceTest, OnlyMessagesBelowTheWatermarkAreAnswered) {
  Reopen(/*indexing=*/false);
  const AccountId a = MakeAccount("alice");
  const AppendResult r = Append(a, "INBOX", "h\n\nhello world");
  const TextCandidates before = Find(r.mailbox, {{{kB, "hello"}}});
  EXPECT_EQ(before.indexed_below, 1u);  // nothing indexed: the caller reads everything
  EXPECT_EQ(before.uids, (U{}));
  Reopen(/*indexing=*/true);
  WaitIndexed(r.mailbox, 2);
  EXPECT_EQ(Uids(r.mailbox, kB, "hello"), (U{1}));
}

TEST_P(TextIndexConformanceTest, FollowsExpungeCopyAndMove) {
  const AccountId a = MakeAccount("alice");
  Append(a, "INBOX", "h\n\nalpha one");
  Append(a, "INBOX", "h\n\nalpha two");
  const AppendResult third = Append(a, "INBOX", "h\n\nalpha three");
  const MailboxId inbox = third.mailbox;
  auto other = RunTask(store_->CreateMailbox(a, "Other", ""));
  ASSERT_TRUE(other);
  WaitIndexed(inbox, 4);

  ASSERT_TRUE(RunTask(store_->Expunge(inbox, {2})));
  EXPECT_EQ(Uids(inbox, kB, "alpha"), (U{1, 3}));

  auto copied = RunTask(store_->CopyMessages(inbox, {1}, other->id, false));
  ASSERT_TRUE(copied);
  auto moved = RunTask(store_->CopyMessages(inbox, {3}, other->id, true));
  ASSERT_TRUE(moved);
  WaitIndexed(other->id, 3);
  EXPECT_EQ(Uids(other->id, kB, "alpha"), (U{1, 2}));
  EXPECT_EQ(Uids(other->id, kB, "three"), (U{2}));
  EXPECT_EQ(Uids(inbox, kB, "alpha"), (U{1}));
  EXPECT_EQ(Uids(inbox, kB, "three"), (U{}));
}

TEST_P(TextIndexConformanceTest, PersistsAndForgetsDeletedMailboxes) {
  const AccountId a = MakeAccount("alice");
  const AppendResult r = Append(a, "Box", "h\n\npersistent text");
  WaitIndexed(r.mailbox, 2);
  Reopen();
  EXPECT_EQ(Find(r.mailbox, {{{kB, "persistent"}}}).indexed_below, 2u);
  EXPECT_EQ(Uids(r.mailbox, kB, "persistent"), (U{1}));

  ASSERT_TRUE(RunTask(store_->DeleteMailbox(a, "Box")));
  auto gone = RunTask(store_->FindText(r.mailbox, TextQuery{}));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  // A new mailbox starts unindexed, whatever id it gets.
  const AppendResult again = Append(a, "Box", "h\n\nfresh text");
  WaitIndexed(again.mailbox, 2);
  EXPECT_EQ(Uids(again.mailbox, kB, "persistent"), (U{}));
  EXPECT_EQ(Uids(again.mailbox, kB, "fresh"), (U{1}));
}

TEST_P(TextIndexConformanceTest, AMessageWithoutTextDoesNotStopTheIndexer) {
  const AccountId a = MakeAccount("alice");
  Append(a, "INBOX", "h\n\nFAIL to extract");
  const AppendResult r = Append(a, "INBOX", "h\n\nfine text");
  WaitIndexed(r.mailbox, 3);
  EXPECT_EQ(Uids(r.mailbox, kB, "extract"), (U{}));
  EXPECT_EQ(Uids(r.mailbox, kB, "fine"), (U{2}));
}

}  // namespace
}  // namespace tern::store::testing
