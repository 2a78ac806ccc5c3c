// The conformance suite, continued: the all-or-nothing writes of IMAP's APPEND family,
// AppendAll (RFC 3502 MULTIAPPEND) and ReplaceMessage (RFC 8508 REPLACE).

#include <string>
#include <vector>

#include "store/change_feed.h"
#include "store_conformance.h"

namespace tern::store::testing {
namespace {

std::vector<Uid> UidsIn(Store& store, MailboxId mailbox) {
  auto msgs = RunTask(store.ListMessages(mailbox, 0));
  EXPECT_TRUE(msgs);
  std::vector<Uid> out;
  for (const auto& m : msgs.value_or(std::vector<MessageMeta>{})) out.push_back(m.uid);
  return out;
}

TEST_P(StoreConformanceTest, AppendAllStoresEveryMessageInOrder) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "first");
  std::vector<AppendRequest> reqs;
  reqs.push_back(Message(a.id, "INBOX", "one"));
  reqs.push_back(Message(a.id, "INBOX", "two", kFlagSeen));
  reqs.push_back(Message(a.id, "INBOX", "three"));
  const Mailbox before = GetMailbox(a.id, "INBOX");
  auto r = Run(store_->AppendAll(std::move(reqs)));
  ASSERT_TRUE(r) << r.error().ToLogString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].uid, 2u);
  EXPECT_EQ((*r)[1].uid, 3u);
  EXPECT_EQ((*r)[2].uid, 4u);
  EXPECT_LT((*r)[0].modseq, (*r)[1].modseq);
  EXPECT_LT((*r)[1].modseq, (*r)[2].modseq);
  EXPECT_EQ((*r)[2].uid_validity, before.uid_validity);
  const Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(after.uid_next, 5u);
  EXPECT_EQ(after.highest_modseq, (*r)[2].modseq);
  EXPECT_EQ(after.messages, 4u);
  EXPECT_EQ(after.unseen, 3u);
  ExpectCountsConsistent(a.id, "INBOX");
}

TEST_P(StoreConformanceTest, AppendAllStoresNothingWhenOneFails) {
  Account a = MakeAccount("alice", 100);
  Append(a.id, "INBOX", std::string(10, 'x'));
  const Mailbox before = GetMailbox(a.id, "INBOX");

  // Over quota midway: the messages before the failing one are not kept either.
  std::vector<AppendRequest> reqs;
  reqs.push_back(Message(a.id, "INBOX", std::string(40, 'a')));
  reqs.push_back(Message(a.id, "INBOX", std::string(60, 'b')));  // 110 > 100
  reqs.push_back(Message(a.id, "INBOX", std::string(5, 'c')));
  auto over = Run(store_->AppendAll(std::move(reqs)));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kOverQuota);

  // A missing mailbox (not created: create_mailbox is false) fails the same way.
  std::vector<AppendRequest> reqs2;
  reqs2.push_back(Message(a.id, "INBOX", "fits"));
  AppendRequest missing = Message(a.id, "Missing", "x");
  missing.create_mailbox = false;
  reqs2.push_back(missing);
  auto nowhere = Run(store_->AppendAll(std::move(reqs2)));
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().code, ErrorCode::kNotFound);

  const Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(after.messages, 1u);
  EXPECT_EQ(after.uid_next, before.uid_next);
  EXPECT_EQ(after.highest_modseq, before.highest_modseq);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 10);
  EXPECT_FALSE(Run(store_->GetMailbox(a.id, "Missing")));
  EXPECT_EQ(UidsIn(*store_, after.id), (std::vector<Uid>{1}));

  // The UIDs the failed calls did not take are the next ones handed out.
  auto next = Run(store_->Append(Message(a.id, "INBOX", "y")));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->uid, 2u);
}

TEST_P(StoreConformanceTest, ReplaceMessageInTheSameMailbox) {
  Account a = MakeAccount("alice");
  Append(a.id, "Drafts", "draft 1");
  const AppendResult old = Append(a.id, "Drafts", "draft 2");
  Append(a.id, "Drafts", "draft 3");
  auto r = Run(store_->ReplaceMessage(old.mailbox, old.uid, Message(a.id, "Drafts", "draft 2b")));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(r->appended.mailbox, old.mailbox);
  EXPECT_EQ(r->appended.uid, 4u);
  EXPECT_EQ(r->expunged.expunged, (std::vector<Uid>{2}));
  EXPECT_GT(r->appended.modseq, r->expunged.modseq);
  EXPECT_EQ(UidsIn(*store_, old.mailbox), (std::vector<Uid>{1, 3, 4}));
  auto vanished = Run(store_->Vanished(old.mailbox, old.modseq));
  ASSERT_TRUE(vanished);
  EXPECT_EQ(*vanished, (std::vector<Uid>{2}));
  EXPECT_EQ(GetMailbox(a.id, "Drafts").highest_modseq, r->appended.modseq);
  ExpectCountsConsistent(a.id, "Drafts");
}

TEST_P(StoreConformanceTest, ReplaceMessageIntoAnotherMailbox) {
  Account a = MakeAccount("alice");
  const AppendResult old = Append(a.id, "Drafts", "draft");
  const Mailbox sent_before = GetMailbox(a.id, "INBOX");
  auto r = Run(store_->ReplaceMessage(old.mailbox, old.uid, Message(a.id, "INBOX", "sent")));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(r->appended.mailbox, sent_before.id);
  EXPECT_EQ(r->appended.uid, 1u);
  EXPECT_EQ(r->expunged.expunged, (std::vector<Uid>{1}));
  EXPECT_TRUE(UidsIn(*store_, old.mailbox).empty());
  EXPECT_EQ(UidsIn(*store_, sent_before.id), (std::vector<Uid>{1}));
  ExpectCountsConsistent(a.id, "Drafts");
  ExpectCountsConsistent(a.id, "INBOX");
}

TEST_P(StoreConformanceTest, ReplaceMessageCountsOnlyTheNetQuota) {
  Account a = MakeAccount("alice", 100);
  const AppendResult old = Append(a.id, "INBOX", std::string(80, 'a'));
  // 80 + 90 would not fit; 90 in place of 80 does.
  auto r = Run(store_->ReplaceMessage(old.mailbox, old.uid,
                                      Message(a.id, "INBOX", std::string(90, 'b'))));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 90);
  auto over = Run(store_->ReplaceMessage(old.mailbox, r->appended.uid,
                                         Message(a.id, "INBOX", std::string(101, 'c'))));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kOverQuota);
  EXPECT_EQ(UidsIn(*store_, old.mailbox), (std::vector<Uid>{2}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 90);
}

TEST_P(StoreConformanceTest, ReplaceMessageFailsWithoutTrace) {
  Account a = MakeAccount("alice");
  const AppendResult old = Append(a.id, "INBOX", "original");
  const Mailbox before = GetMailbox(a.id, "INBOX");

  // The message to replace is gone: nothing is appended.
  auto gone = Run(store_->ReplaceMessage(old.mailbox, 99, Message(a.id, "INBOX", "new")));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);

  // The target mailbox is missing: the old message stays.
  AppendRequest nowhere = Message(a.id, "Missing", "new");
  nowhere.create_mailbox = false;
  auto missing = Run(store_->ReplaceMessage(old.mailbox, old.uid, nowhere));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  const Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(UidsIn(*store_, old.mailbox), (std::vector<Uid>{1}));
  EXPECT_EQ(after.highest_modseq, before.highest_modseq);
  EXPECT_EQ(after.uid_next, before.uid_next);
  auto vanished = Run(store_->Vanished(old.mailbox, 0));
  ASSERT_TRUE(vanished);
  EXPECT_TRUE(vanished->empty());
}

}  // namespace
}  // namespace tern::store::testing
