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
  return IndexText{std::move(header), std::move(body), std::nullopt};
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
  return AppendBody(*store_, account, std::move(mailbox), body);
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

// Store::MatchStoredText: which terms occur in the stored text of each indexed message
// asked about, per field, as substrings of the extractor's (already folded) text.
TEST_P(TextIndexConformanceTest, MatchesTermsInTheStoredText) {
  const AccountId a = MakeAccount("alice");
  Append(a, "INBOX", "subject: quarterly report\n\nthe budget numbers");
  Append(a, "INBOX", "subject: lunch\n\nreport the numbers m\xC3\xBCller");
  const AppendResult third = Append(a, "INBOX", "from: bob\n\nzanzibarite");
  WaitIndexed(third.mailbox, 4);
  const AppendResult fourth = Append(a, "INBOX", "h\n\nnot indexed yet");

  const std::vector<TextTerm> terms = {
      {kB, "number"}, {kH, "report"}, {kAny, "report"}, {kB, "m\xC3\xBCll"}, {kB, "\"or\" *"}};
  auto got = RunTask(store_->MatchStoredText(third.mailbox, {3, 2, 1, fourth.uid, 99}, terms));
  ASSERT_TRUE(got) << got.error().ToLogString();
  // Ascending; the unindexed message and a UID that does not exist left out.
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0].uid, 1u);
  EXPECT_EQ((*got)[0].found, 0b00111u);
  EXPECT_EQ((*got)[1].uid, 2u);
  EXPECT_EQ((*got)[1].found, 0b01101u);
  EXPECT_EQ((*got)[2].uid, 3u);
  EXPECT_EQ((*got)[2].found, 0u);

  // Once indexed, the fourth is answered too; an expunged message is not.
  WaitIndexed(third.mailbox, fourth.uid + 1);
  ASSERT_TRUE(RunTask(store_->Expunge(third.mailbox, {1})));
  got = RunTask(store_->MatchStoredText(third.mailbox, {1, fourth.uid}, {{kB, "indexed"}}));
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].uid, fourth.uid);
  EXPECT_EQ((*got)[0].found, 1u);
  // A mailbox that does not exist has nothing indexed.
  got = RunTask(store_->MatchStoredText(third.mailbox + 100, {1}, {{kB, "x"}}));
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->empty());
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
