// The conformance suite, continued: the message-count quota (Account::quota_messages,
// IMAP QUOTA's MESSAGE resource). Every backend counts an account's messages on every
// path that adds or removes one, and refuses additions past the limit as it does for
// bytes.

#include <string>
#include <vector>

#include "store_conformance.h"

namespace tern::store::testing {
namespace {

TEST_P(StoreConformanceTest, MessageQuotaIsKeptAndChecked) {
  NewAccount n = Named("alice");
  n.quota_messages = 3;
  auto created = Run(store_->CreateAccount(n));
  ASSERT_TRUE(created) << created.error().ToLogString();
  EXPECT_EQ(created->quota_messages, 3);
  EXPECT_EQ(created->used_messages, 0);
  const AccountId alice = created->id;

  // AppendMany: the fourth request is over the limit and fails alone, taking no UID.
  std::vector<AppendRequest> reqs;
  for (const char* body : {"one", "two", "three", "four"}) {
    reqs.push_back(Message(alice, "INBOX", body));
  }
  auto results = Run(store_->AppendMany(std::move(reqs)));
  ASSERT_TRUE(results) << results.error().ToLogString();
  ASSERT_EQ(results->size(), 4u);
  EXPECT_TRUE((*results)[0] && (*results)[1] && (*results)[2]);
  ASSERT_FALSE((*results)[3]);
  EXPECT_EQ((*results)[3].error().code, ErrorCode::kOverQuota);
  EXPECT_EQ(GetMailbox(alice, "INBOX").uid_next, 4u);
  auto account = Run(store_->GetAccount("alice"));
  ASSERT_TRUE(account);
  EXPECT_EQ(account->used_messages, 3);
  EXPECT_EQ(account->used_bytes, 11);

  // Kept across reopening, like every count.
  Reopen();
  account = Run(store_->GetAccount("alice"));
  ASSERT_TRUE(account);
  EXPECT_EQ(account->quota_messages, 3);
  EXPECT_EQ(account->used_messages, 3);

  // A copy adds messages: refused at the limit, changing nothing. A move within the
  // account adds none.
  const Mailbox inbox = GetMailbox(alice, "INBOX");
  auto work = Run(store_->CreateMailbox(alice, "Work", ""));
  ASSERT_TRUE(work);
  auto copy = Run(store_->CopyMessages(inbox.id, {1}, work->id, /*move=*/false));
  ASSERT_FALSE(copy);
  EXPECT_EQ(copy.error().code, ErrorCode::kOverQuota);
  EXPECT_EQ(GetMailbox(alice, "Work").messages, 0u);
  auto move = Run(store_->CopyMessages(inbox.id, {1, 2}, work->id, /*move=*/true));
  ASSERT_TRUE(move) << move.error().ToLogString();
  EXPECT_EQ(move->dest_uids, (std::vector<Uid>{1, 2}));
  auto account_after_move = Run(store_->GetAccount("alice"));
  EXPECT_EQ(account_after_move->used_messages, 3);

  // An expunge frees room, which a copy may then take.
  ASSERT_TRUE(Run(store_->Expunge(inbox.id, {3})));
  auto account_after_expunge = Run(store_->GetAccount("alice"));
  EXPECT_EQ(account_after_expunge->used_messages, 2);
  auto back = Run(store_->CopyMessages(work->id, {1}, inbox.id, /*move=*/false));
  ASSERT_TRUE(back) << back.error().ToLogString();
  auto full = Run(store_->Append(Message(alice, "INBOX", "five")));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kOverQuota);

  // Renaming INBOX moves its messages within the account: the count stays.
  ASSERT_TRUE(Run(store_->RenameMailbox(alice, "INBOX", "Old")));
  auto account_after_rename = Run(store_->GetAccount("alice"));
  EXPECT_EQ(account_after_rename->used_messages, 3);

  // Deleting a mailbox releases its messages.
  ASSERT_TRUE(Run(store_->DeleteMailbox(alice, "Work")));
  auto account_after_delete = Run(store_->GetAccount("alice"));
  EXPECT_EQ(account_after_delete->used_messages, 1);
  EXPECT_EQ(account_after_delete->used_bytes, 3);  // "one", copied back and renamed
}

TEST_P(StoreConformanceTest, MessageQuotaOfTheTargetAccountOnCopyAcrossAccounts) {
  Account alice = MakeAccount("alice");
  NewAccount n = Named("bob");
  n.quota_messages = 1;
  auto bob = Run(store_->CreateAccount(n));
  ASSERT_TRUE(bob);
  Append(alice.id, "INBOX", "a");
  Append(alice.id, "INBOX", "b");
  const Mailbox from = GetMailbox(alice.id, "INBOX");
  auto bob_inbox = Run(store_->GetMailbox(bob->id, "INBOX"));
  ASSERT_TRUE(bob_inbox);
  auto two = Run(store_->CopyMessages(from.id, {1, 2}, bob_inbox->id, /*move=*/true));
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().code, ErrorCode::kOverQuota);
  auto one = Run(store_->CopyMessages(from.id, {1}, bob_inbox->id, /*move=*/true));
  ASSERT_TRUE(one) << one.error().ToLogString();
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_messages, 1);
  EXPECT_EQ(Run(store_->GetAccount("bob"))->used_messages, 1);
}

TEST_P(StoreConformanceTest, MessageQuotaLimitsChangeAndZeroIsUnlimited) {
  NewAccount n = Named("alice");
  n.quota_messages = 1;
  auto a = Run(store_->CreateAccount(n));
  ASSERT_TRUE(a);
  Append(a->id, "INBOX", "x");
  EXPECT_FALSE(Run(store_->Append(Message(a->id, "INBOX", "y"))));
  AccountUpdate unlimited;
  unlimited.quota_messages = 0;
  ASSERT_TRUE(Run(store_->UpdateAccount("alice", unlimited)));
  for (int i = 0; i < 5; ++i) Append(a->id, "INBOX", "z" + std::to_string(i));
  auto after = Run(store_->GetAccount("alice"));
  EXPECT_EQ(after->quota_messages, 0);
  EXPECT_EQ(after->used_messages, 6);
  // Lowering the limit below the count keeps the messages but refuses new ones.
  AccountUpdate lower;
  lower.quota_messages = 2;
  ASSERT_TRUE(Run(store_->UpdateAccount("alice", lower)));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_messages, 6);
  EXPECT_FALSE(Run(store_->Append(Message(a->id, "INBOX", "w"))));

  AccountUpdate negative;
  negative.quota_messages = -1;
  auto bad = Run(store_->UpdateAccount("alice", negative));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  NewAccount bad_new = Named("carol");
  bad_new.quota_messages = -5;
  auto refused = Run(store_->CreateAccount(bad_new));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tern::store::testing
