// Message summaries (store/message_summary.h) as every backend must keep them: written by
// the indexer from its extractor's output, read by Store::GetSummaries with their
// messages in one call, shared by the copies of a body, and gone with its last message.

#include "summary_conformance.h"

#include <algorithm>

namespace tern::store::testing {
namespace {

// Test messages are "header\n\nbody"; the summary is made of their parts, so a test can
// tell which message a summary came from.
MessageSummary SummaryOf(std::string_view message, std::string_view structure) {
  const std::size_t split = message.find("\n\n");
  MessageSummary s;
  s.subject = std::string(message.substr(0, split));
  s.preview = std::string(message.substr(split + 2));
  if (s.preview != "no date") s.sent = static_cast<int64_t>(message.size());
  s.reply_or_forward = s.subject.starts_with("re");
  s.from = "FROM-" + s.subject;
  s.to = "TO";
  s.display_from = "Display \xC3\x89";
  s.message_id = s.subject + "@x";
  s.references = {"a@x", std::string(structure), "c d@x"};
  return s;
}

Result<IndexText> SummaryExtractor(std::string_view message, std::string_view structure) {
  return IndexText{std::string(message), "", SummaryOf(message, structure)};
}

MessageSummary WithoutPreview(MessageSummary s) {
  s.preview.clear();
  return s;
}

}  // namespace

void SummaryConformanceTest::Open(bool indexing) {
  store_.reset();
  auto opened =
      GetParam().open(dir_.path(), indexing ? TextExtractor(SummaryExtractor) : nullptr);
  ASSERT_TRUE(opened) << opened.error().ToLogString();
  store_ = std::move(*opened);
}

AppendResult SummaryConformanceTest::AppendWith(AccountId account, std::string mailbox,
                                                std::string_view body, UnixTime date,
                                                std::string structure) {
  return AppendBody(*store_, account, std::move(mailbox), body, date, std::move(structure));
}

std::vector<SummaryRow> SummaryConformanceTest::Rows(MailboxId mailbox, std::vector<Uid> uids,
                                                     SummaryPart part) {
  auto rows = RunTask(store_->GetSummaries(mailbox, std::move(uids), part));
  EXPECT_TRUE(rows) << rows.error().ToLogString();
  return rows.value_or(std::vector<SummaryRow>{});
}

namespace {

std::vector<Uid> UidsOf(const std::vector<SummaryRow>& rows) {
  std::vector<Uid> out;
  for (const auto& r : rows) out.push_back(r.uid);
  return out;
}

TEST_P(SummaryConformanceTest, ReadWithTheirMessagesOnceIndexed) {
  Open(false);  // nothing is summarised yet
  const AccountId a = MakeAccount("alice");
  const std::string m1 = "alpha\n\nfirst body", m2 = "re beta\n\nno date", m3 = "gamma\n\nthird";
  AppendWith(a, "INBOX", m1, 100, "S1");
  AppendWith(a, "INBOX", m2, 300, "S2");
  const AppendResult last = AppendWith(a, "INBOX", m3, 200, "S3");
  const MailboxId box = last.mailbox;

  auto rows = Rows(box, {}, SummaryPart::kSortKeys);
  ASSERT_EQ(UidsOf(rows), (std::vector<Uid>{1, 2, 3}));
  for (const auto& r : rows) {
    EXPECT_FALSE(r.summary) << r.uid;
    EXPECT_EQ(r.structure, "S" + std::to_string(r.uid));  // to compute it from
  }
  EXPECT_EQ(rows[1].internal_date, 300);
  EXPECT_EQ(rows[1].size, static_cast<int64_t>(m2.size()));
  EXPECT_FALSE(rows[1].blob_id.empty());

  Open(true);
  WaitIndexed(box, 4);
  rows = Rows(box, {3, 1, 99, 2}, SummaryPart::kSortKeys);  // any order; 99 does not exist
  ASSERT_EQ(UidsOf(rows), (std::vector<Uid>{1, 2, 3}));
  for (const auto& r : rows) EXPECT_TRUE(r.structure.empty()) << r.uid;
  ASSERT_TRUE(rows[0].summary && rows[1].summary && rows[2].summary);
  EXPECT_EQ(*rows[0].summary, WithoutPreview(SummaryOf(m1, "S1")));
  EXPECT_EQ(*rows[1].summary, WithoutPreview(SummaryOf(m2, "S2")));
  EXPECT_FALSE(rows[1].summary->sent);  // no date stays no date, not 0
  EXPECT_TRUE(rows[1].summary->reply_or_forward);
  EXPECT_EQ(rows[2].summary->references, (std::vector<std::string>{"a@x", "S3", "c d@x"}));
  EXPECT_FALSE(rows[0].preview);

  rows = Rows(box, {2, 3}, SummaryPart::kPreview);
  ASSERT_EQ(UidsOf(rows), (std::vector<Uid>{2, 3}));
  EXPECT_EQ(rows[0].preview, "no date");
  EXPECT_EQ(rows[1].preview, "third");
  EXPECT_FALSE(rows[0].summary);

  rows = Rows(box, {1, 3}, SummaryPart::kNone);
  ASSERT_EQ(UidsOf(rows), (std::vector<Uid>{1, 3}));
  EXPECT_EQ(rows[1].internal_date, 200);
  EXPECT_FALSE(rows[1].summary);
  EXPECT_FALSE(rows[1].preview);
  EXPECT_TRUE(rows[1].structure.empty());

  // A sparse list is answered as well as a dense one.
  for (int i = 0; i < 20; ++i) AppendWith(a, "INBOX", "filler\n\nx", 1, "F");
  EXPECT_EQ(UidsOf(Rows(box, {23, 1}, SummaryPart::kNone)), (std::vector<Uid>{1, 23}));
  EXPECT_TRUE(Rows(box, {99}, SummaryPart::kNone).empty());
}

TEST_P(SummaryConformanceTest, SharedByCopiesAndGoneWithTheLastMessage) {
  const AccountId a = MakeAccount("alice");
  const std::string body = "shared\n\ntext";
  const AppendResult first = AppendWith(a, "INBOX", body, 1, "S");
  WaitIndexed(first.mailbox, 2);
  ASSERT_TRUE(RunTask(store_->CreateMailbox(a, "Copies", "")));
  Open(false);  // the copy is not indexed: its summary is the body's
  auto box = RunTask(store_->GetMailbox(a, "Copies"));
  ASSERT_TRUE(box);
  ASSERT_TRUE(RunTask(store_->CopyMessages(first.mailbox, {1}, box->id, false)));
  auto rows = Rows(box->id, {}, SummaryPart::kPreview);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].preview, "text");

  // The body's last message gone, its summary goes: the same body stored again has none.
  ASSERT_TRUE(RunTask(store_->Expunge(first.mailbox, {1})));
  EXPECT_TRUE(Rows(box->id, {}, SummaryPart::kSortKeys)[0].summary);  // one message left
  ASSERT_TRUE(RunTask(store_->Expunge(box->id, {1})));
  const AppendResult again = AppendWith(a, "INBOX", body, 1, "S");
  rows = Rows(again.mailbox, {again.uid}, SummaryPart::kSortKeys);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].summary);
  EXPECT_EQ(rows[0].structure, "S");
}

}  // namespace
}  // namespace tern::store::testing
