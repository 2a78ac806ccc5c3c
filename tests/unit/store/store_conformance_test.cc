// Store semantics every backend must have. Instantiated per backend (sqlite/…_test.cc).

#include "store_conformance.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "store/blob_store.h"
#include "store/change_feed.h"

namespace tern::store::testing {
namespace {

// One field of each message, e.g. Each(msgs, &MessageMeta::email_id).
template <typename T>
std::vector<T> Each(const std::vector<MessageMeta>& msgs, T MessageMeta::*field) {
  std::vector<T> out;
  for (const auto& m : msgs) out.push_back(m.*field);
  return out;
}

std::vector<Uid> UidsOf(const std::vector<MessageMeta>& msgs) {
  return Each(msgs, &MessageMeta::uid);
}

TEST_P(StoreConformanceTest, AccountsAreCaseInsensitiveAndUnique) {
  Account a = MakeAccount("Alice@Example.ORG", 1000);
  EXPECT_EQ(a.name, "alice@example.org");
  EXPECT_EQ(a.quota_bytes, 1000);
  EXPECT_EQ(a.used_bytes, 0);
  EXPECT_EQ(a.services, kAllServices);
  EXPECT_TRUE(a.enabled);
  EXPECT_GT(a.created, 0);

  auto again = Run(store_->GetAccount("ALICE@example.org"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a.id);

  auto dup = Run(store_->CreateAccount(Named("alice@EXAMPLE.org")));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  auto bad = Run(store_->CreateAccount(Named("")));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  auto missing = Run(store_->GetAccount("bob"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, AccountCrud) {
  MakeAccount("bob");
  MakeAccount("alice");
  auto all = Run(store_->ListAccounts());
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice");
  EXPECT_EQ((*all)[1].name, "bob");

  AccountUpdate u;
  u.password_hash = "$argon2id$v=19$x";
  u.quota_bytes = 5000;
  u.services = kServiceImap;
  u.enabled = false;
  auto updated = Run(store_->UpdateAccount("BOB", u));
  ASSERT_TRUE(updated) << updated.error().ToLogString();
  EXPECT_EQ(updated->password_hash, "$argon2id$v=19$x");
  auto bob = Run(store_->GetAccount("bob"));
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->quota_bytes, 5000);
  EXPECT_EQ(bob->services, kServiceImap);
  EXPECT_FALSE(bob->enabled);
  EXPECT_EQ(bob->password_hash, "$argon2id$v=19$x");

  // Fields left empty are not changed.
  auto partial = Run(store_->UpdateAccount("bob", [] {
    AccountUpdate enable;
    enable.enabled = true;
    return enable;
  }()));
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->quota_bytes, 5000);
  EXPECT_TRUE(partial->enabled);

  auto nobody = Run(store_->UpdateAccount("carol", u));
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(Run(store_->DeleteAccount("Bob")));
  EXPECT_FALSE(Run(store_->GetAccount("bob")));
  auto twice = Run(store_->DeleteAccount("bob"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, InboxIsCreatedOnFirstUseAnyCase) {
  Account a = MakeAccount("alice");
  Mailbox inbox = GetMailbox(a.id, "inbox");
  EXPECT_EQ(inbox.name, "INBOX");
  EXPECT_EQ(inbox.account, a.id);
  EXPECT_EQ(inbox.uid_next, 1u);
  EXPECT_GT(inbox.uid_validity, 0u);
  EXPECT_GE(inbox.highest_modseq, 1u);
  EXPECT_EQ(GetMailbox(a.id, "InBoX").id, inbox.id);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").id, inbox.id);

  auto other = Run(store_->GetMailbox(a.id, "Drafts"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);

  auto no_account = Run(store_->GetMailbox(a.id + 1000, "INBOX"));
  ASSERT_FALSE(no_account);
  EXPECT_EQ(no_account.error().code, ErrorCode::kNotFound);

  auto del = Run(store_->DeleteMailbox(a.id, "Inbox"));
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::kPermissionDenied);

  // Children of INBOX are spelled with the canonical INBOX too.
  auto child = Run(store_->CreateMailbox(a.id, "inbox/Lists", ""));
  ASSERT_TRUE(child);
  EXPECT_EQ(child->name, "INBOX/Lists");
}

TEST_P(StoreConformanceTest, MailboxCreateListDelete) {
  Account a = MakeAccount("alice");
  auto sent = Run(store_->CreateMailbox(a.id, "Sent", "\\Sent"));
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->special_use, "\\Sent");
  EXPECT_EQ(sent->uid_next, 1u);
  auto dup = Run(store_->CreateMailbox(a.id, "Sent", ""));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  // Parents are not created implicitly.
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "Archive/2024", "")));
  for (const char* bad : {"", "/x", "x/", "a//b", "tab\there"}) {
    auto r = Run(store_->CreateMailbox(a.id, bad, ""));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }

  EXPECT_EQ(MailboxNames(a.id), (std::vector<std::string>{"Archive/2024", "INBOX", "Sent"}));

  Append(a.id, "Sent", "one");
  Append(a.id, "Sent", "two!");
  Append(a.id, "INBOX", "three");
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 12);
  ASSERT_TRUE(Run(store_->DeleteMailbox(a.id, "Sent")));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 5);
  auto gone = Run(store_->GetMailbox(a.id, "Sent"));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  auto msgs = Run(store_->ListMessages(sent->id, 0));
  ASSERT_FALSE(msgs);
  EXPECT_EQ(msgs.error().code, ErrorCode::kNotFound);
  auto again = Run(store_->DeleteMailbox(a.id, "Sent"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UidsAndModSeqsIncreaseAcrossReopen) {
  Account a = MakeAccount("alice");
  AppendResult r1 = Append(a.id, "INBOX", "m1");
  AppendResult r2 = Append(a.id, "INBOX", "m2");
  AppendResult r3 = Append(a.id, "INBOX", "m3");
  EXPECT_EQ(r1.uid, 1u);
  EXPECT_EQ(r2.uid, 2u);
  EXPECT_EQ(r3.uid, 3u);
  EXPECT_LT(r1.modseq, r2.modseq);
  EXPECT_LT(r2.modseq, r3.modseq);
  EXPECT_EQ(r1.uid_validity, r3.uid_validity);
  Mailbox before = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(before.uid_next, 4u);
  EXPECT_EQ(before.highest_modseq, r3.modseq);

  Reopen();
  Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.uid_validity, before.uid_validity);
  EXPECT_EQ(after.uid_next, 4u);
  EXPECT_EQ(after.highest_modseq, before.highest_modseq);
  AppendResult r4 = Append(a.id, "INBOX", "m4");
  EXPECT_EQ(r4.uid, 4u);
  EXPECT_GT(r4.modseq, r3.modseq);
  EXPECT_EQ(r4.uid_validity, before.uid_validity);

  auto msgs = Run(store_->ListMessages(after.id, 0));
  ASSERT_TRUE(msgs);
  EXPECT_EQ(UidsOf(*msgs), (std::vector<Uid>{1, 2, 3, 4}));
  EXPECT_EQ((*msgs)[0].internal_date, 1700000000);
  EXPECT_GT((*msgs)[0].save_date, 0);
  EXPECT_EQ((*msgs)[0].size, 2);
  std::set<int64_t> email_ids;
  for (const auto& m : *msgs) email_ids.insert(m.email_id);
  EXPECT_EQ(email_ids.size(), 4u);
  auto structure = Run(store_->GetStructure(after.id, 2));
  ASSERT_TRUE(structure);
  EXPECT_EQ(*structure, "structure:m2");
}

TEST_P(StoreConformanceTest, UidValidityIsNewAfterDeleteAndRecreate) {
  Account a = MakeAccount("alice");
  auto w1 = Run(store_->CreateMailbox(a.id, "Work", ""));
  auto w2 = Run(store_->CreateMailbox(a.id, "Play", ""));
  ASSERT_TRUE(w1);
  ASSERT_TRUE(w2);
  EXPECT_NE(w1->uid_validity, w2->uid_validity);
  Append(a.id, "Work", "hello");
  ASSERT_TRUE(Run(store_->DeleteMailbox(a.id, "Work")));
  auto again = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(again);
  EXPECT_NE(again->uid_validity, w1->uid_validity);
  EXPECT_EQ(again->uid_next, 1u);
  Reopen();
  EXPECT_EQ(GetMailbox(a.id, "Work").uid_validity, again->uid_validity);
  auto third = Run(store_->CreateMailbox(a.id, "Third", ""));
  ASSERT_TRUE(third);
  EXPECT_GT(third->uid_validity, again->uid_validity);
}

TEST_P(StoreConformanceTest, UidsAreNeverReusedAfterExpunge) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "1");
  AppendResult r2 = Append(a.id, "INBOX", "2");
  ASSERT_TRUE(Run(store_->Expunge(r2.mailbox, {2})));
  Reopen();
  EXPECT_EQ(Append(a.id, "INBOX", "3").uid, 3u);
}

TEST_P(StoreConformanceTest, ExpungeLeavesTombstonesForVanished) {
  Account a = MakeAccount("alice");
  for (const char* body : {"a", "bb", "ccc", "dddd"}) Append(a.id, "INBOX", body);
  Mailbox m = GetMailbox(a.id, "INBOX");
  ModSeq before = m.highest_modseq;

  auto ex = Run(store_->Expunge(m.id, {3, 2, 99, 2}));
  ASSERT_TRUE(ex) << ex.error().ToLogString();
  EXPECT_EQ(ex->expunged, (std::vector<Uid>{2, 3}));
  EXPECT_EQ(ex->modseq, before + 1);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, ex->modseq);

  auto vanished = Run(store_->Vanished(m.id, before));
  ASSERT_TRUE(vanished);
  EXPECT_EQ(*vanished, (std::vector<Uid>{2, 3}));
  EXPECT_TRUE(Run(store_->Vanished(m.id, ex->modseq))->empty());
  EXPECT_EQ(*Run(store_->Vanished(m.id, 0)), (std::vector<Uid>{2, 3}));

  auto ex2 = Run(store_->Expunge(m.id, {1}));
  ASSERT_TRUE(ex2);
  EXPECT_EQ(*Run(store_->Vanished(m.id, ex->modseq)), (std::vector<Uid>{1}));
  EXPECT_EQ(*Run(store_->Vanished(m.id, before)), (std::vector<Uid>{1, 2, 3}));

  // Nothing to expunge: no new modseq.
  auto none = Run(store_->Expunge(m.id, {2, 50}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->expunged.empty());
  EXPECT_EQ(none->modseq, ex2->modseq);

  auto msgs = Run(store_->ListMessages(m.id, 0));
  ASSERT_TRUE(msgs);
  EXPECT_EQ(UidsOf(*msgs), (std::vector<Uid>{4}));
  auto structure = Run(store_->GetStructure(m.id, 2));
  ASSERT_FALSE(structure);
  EXPECT_EQ(structure.error().code, ErrorCode::kNotFound);
  Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(after.messages, 1u);
  EXPECT_EQ(after.size, 4);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 4);
  ExpectCountsConsistent(a.id, "INBOX");
}

TEST_P(StoreConformanceTest, FlagChangesAddRemoveReplace) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "1");
  Append(a.id, "INBOX", "2", kFlagSeen);
  Mailbox m = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(m.unseen, 1u);
  ModSeq base = m.highest_modseq;

  FlagChange add = Flags(FlagOp::kAdd, kFlagSeen | kFlagFlagged, {"$Label1", "Work", "$Label1"});
  auto r = Run(store_->ChangeFlags(m.id, {1, 2, 77}, add));
  ASSERT_TRUE(r) << r.error().ToLogString();
  ASSERT_EQ(r->changed.size(), 2u);
  EXPECT_TRUE(r->failed.empty());
  for (const auto& c : r->changed) {
    EXPECT_EQ(c.flags, kFlagSeen | kFlagFlagged);
    EXPECT_EQ(c.keywords, (std::vector<std::string>{"$Label1", "Work"}));
    EXPECT_EQ(c.modseq, base + 1);
  }
  EXPECT_EQ(GetMailbox(a.id, "INBOX").unseen, 0u);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, base + 1);

  // A change that changes nothing takes no modseq, and reports the message's state.
  auto same = Run(store_->ChangeFlags(m.id, {1}, add));
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->changed.empty());
  ASSERT_EQ(same->unchanged.size(), 1u);
  EXPECT_EQ(same->unchanged[0].uid, 1u);
  EXPECT_EQ(same->unchanged[0].modseq, base + 1);
  EXPECT_EQ(same->unchanged[0].flags, kFlagSeen | kFlagFlagged);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, base + 1);

  FlagChange remove = Flags(FlagOp::kRemove, kFlagSeen, {"Work"});
  auto r2 = Run(store_->ChangeFlags(m.id, {2}, remove));
  ASSERT_TRUE(r2);
  ASSERT_EQ(r2->changed.size(), 1u);
  EXPECT_EQ(r2->changed[0].flags, kFlagFlagged);
  EXPECT_EQ(r2->changed[0].keywords, (std::vector<std::string>{"$Label1"}));
  EXPECT_EQ(r2->changed[0].modseq, base + 2);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").unseen, 1u);

  FlagChange replace = Flags(FlagOp::kReplace, kFlagDraft, {"Zed"});
  auto r3 = Run(store_->ChangeFlags(m.id, {1, 2}, replace));
  ASSERT_TRUE(r3);
  ASSERT_EQ(r3->changed.size(), 2u);
  auto msgs = Run(store_->ListMessages(m.id, 0));
  ASSERT_TRUE(msgs);
  for (const auto& msg : *msgs) {
    EXPECT_EQ(msg.flags, kFlagDraft);
    EXPECT_EQ(msg.keywords, (std::vector<std::string>{"Zed"}));
    EXPECT_EQ(msg.modseq, base + 3);
  }
  EXPECT_EQ(GetMailbox(a.id, "INBOX").unseen, 2u);

  // CHANGEDSINCE-style listing.
  auto since = Run(store_->ListMessages(m.id, base + 2));
  ASSERT_TRUE(since);
  EXPECT_EQ(since->size(), 2u);
  EXPECT_TRUE(Run(store_->ListMessages(m.id, base + 3))->empty());

  FlagChange bad = Flags(FlagOp::kAdd, 0, {"bad keyword"});
  auto r4 = Run(store_->ChangeFlags(m.id, {1}, bad));
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().code, ErrorCode::kInvalidArgument);
  ExpectCountsConsistent(a.id, "INBOX");
}

TEST_P(StoreConformanceTest, PrunedTombstonesAreReportedAsForgotten) {
  Account a = MakeAccount("alice");
  AppendResult r1 = Append(a.id, "INBOX", "1");
  Append(a.id, "INBOX", "2");
  auto first = Run(store_->Expunge(r1.mailbox, {1}));
  ASSERT_TRUE(first);
  // Everything expunged before a time in the future goes.
  auto pruned = Run(store_->PruneTombstones(static_cast<UnixTime>(std::time(nullptr)) + 100));
  ASSERT_TRUE(pruned) << pruned.error().ToLogString();
  EXPECT_EQ(*pruned, 1);
  // Asking from before the forgotten expunge is refused; from after it, answered.
  auto old = Run(store_->Vanished(r1.mailbox, first->modseq - 1));
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, ErrorCode::kLimit);
  auto since = Run(store_->Vanished(r1.mailbox, first->modseq));
  ASSERT_TRUE(since);
  EXPECT_TRUE(since->empty());
  ASSERT_TRUE(Run(store_->Expunge(r1.mailbox, {2})));
  EXPECT_EQ(*Run(store_->Vanished(r1.mailbox, first->modseq)), (std::vector<Uid>{2}));
  // Nothing older than a day ago: nothing more goes.
  EXPECT_EQ(*Run(store_->PruneTombstones(static_cast<UnixTime>(std::time(nullptr)) - 86400)), 0);
}

TEST_P(StoreConformanceTest, FlagChangesHonourUnchangedSince) {
  Account a = MakeAccount("alice");
  AppendResult r1 = Append(a.id, "INBOX", "1");
  AppendResult r2 = Append(a.id, "INBOX", "2");
  // Message 1 is changed by someone else after the client saw r2.modseq.
  ASSERT_TRUE(Run(store_->ChangeFlags(r1.mailbox, {1}, Flags(FlagOp::kAdd, kFlagSeen))));

  FlagChange cond = Flags(FlagOp::kAdd, kFlagDeleted, {}, r2.modseq);
  auto r = Run(store_->ChangeFlags(r1.mailbox, {1, 2}, cond));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failed, (std::vector<Uid>{1}));
  ASSERT_EQ(r->changed.size(), 1u);
  EXPECT_EQ(r->changed[0].uid, 2u);
  EXPECT_EQ(r->changed[0].flags, kFlagDeleted);

  // UNCHANGEDSINCE 0 fails every message (RFC 7162 3.1.3).
  auto zero =
      Run(store_->ChangeFlags(r1.mailbox, {1, 2}, Flags(FlagOp::kAdd, kFlagAnswered, {}, 0)));
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->failed, (std::vector<Uid>{1, 2}));
  EXPECT_TRUE(zero->changed.empty());
}

TEST_P(StoreConformanceTest, QuotaFailsOnlyTheRequestOverIt) {
  Account a = MakeAccount("alice", 100);
  std::vector<AppendRequest> reqs;
  reqs.push_back(Message(a.id, "INBOX", std::string(40, 'a')));
  reqs.push_back(Message(a.id, "INBOX", std::string(50, 'b')));
  reqs.push_back(Message(a.id, "INBOX", std::string(30, 'c')));  // 120 > 100
  reqs.push_back(Message(a.id, "INBOX", std::string(10, 'd')));  // exactly 100: fits
  AppendRequest no_box = Message(a.id, "Missing", "x");
  no_box.create_mailbox = false;
  reqs.push_back(no_box);
  auto results = Run(store_->AppendMany(std::move(reqs)));
  ASSERT_TRUE(results) << results.error().ToLogString();
  ASSERT_EQ(results->size(), 5u);
  EXPECT_TRUE((*results)[0]);
  EXPECT_TRUE((*results)[1]);
  ASSERT_FALSE((*results)[2]);
  EXPECT_EQ((*results)[2].error().code, ErrorCode::kOverQuota);
  ASSERT_TRUE((*results)[3]);
  EXPECT_EQ((*results)[3]->uid, 3u);  // the failed request took no UID
  ASSERT_FALSE((*results)[4]);
  EXPECT_EQ((*results)[4].error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 100);
  EXPECT_FALSE(Run(store_->GetMailbox(a.id, "Missing")));

  auto over = Run(store_->Append(Message(a.id, "INBOX", "z")));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kOverQuota);
  // Expunging frees quota.
  ASSERT_TRUE(Run(store_->Expunge((*results)[0]->mailbox, {1})));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 60);
  EXPECT_TRUE(Run(store_->Append(Message(a.id, "INBOX", "z"))));
  ExpectCountsConsistent(a.id, "INBOX");
}

TEST_P(StoreConformanceTest, AppendCreatesMailboxOnlyWhenAsked) {
  Account a = MakeAccount("alice");
  AppendRequest req = Message(a.id, "Lists/tern", "x");
  req.create_mailbox = false;
  auto r = Run(store_->Append(req));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  req.create_mailbox = true;
  auto r2 = Run(store_->Append(req));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->uid, 1u);
  EXPECT_EQ(GetMailbox(a.id, "Lists/tern").id, r2->mailbox);

  AppendRequest bad = Message(a.id, "INBOX", "y");
  bad.message.blob_id = "../../etc/passwd";
  auto r3 = Run(store_->Append(bad));
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, ErrorCode::kInvalidArgument);
  AppendRequest nobody = Message(a.id + 99, "INBOX", "y");
  auto r4 = Run(store_->Append(nobody));
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CountsStayConsistent) {
  Account a = MakeAccount("alice");
  for (int i = 0; i < 12; ++i) {
    Append(a.id, i % 2 ? "INBOX" : "Other", std::string(static_cast<size_t>(i + 1), 'x'),
           i % 3 ? 0u : uint32_t{kFlagSeen});
  }
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Other");
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {1, 2, 3}, Flags(FlagOp::kAdd, kFlagSeen))));
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {4, 5}, Flags(FlagOp::kReplace, 0))));
  ASSERT_TRUE(Run(store_->Expunge(inbox.id, {2, 5})));
  ExpectCountsConsistent(a.id, "INBOX");
  Mailbox other = GetMailbox(a.id, "Other");
  auto account = Run(store_->GetAccount("alice"));
  EXPECT_EQ(account->used_bytes, GetMailbox(a.id, "INBOX").size + other.size);
}

TEST_P(StoreConformanceTest, RenameMovesChildren) {
  Account a = MakeAccount("alice");
  for (const char* n : {"a", "a/b", "a/b/c", "ab", "z"}) {
    ASSERT_TRUE(Run(store_->CreateMailbox(a.id, n, "")));
  }
  Mailbox ab = GetMailbox(a.id, "a/b");
  Append(a.id, "a/b", "keep me");
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "a/b", true)));

  auto renamed = Run(store_->RenameMailbox(a.id, "a", "x/y"));
  ASSERT_TRUE(renamed) << renamed.error().ToLogString();
  EXPECT_EQ(MailboxNames(a.id),
            (std::vector<std::string>{"INBOX", "ab", "x/y", "x/y/b", "x/y/b/c", "z"}));
  Mailbox moved = GetMailbox(a.id, "x/y/b");
  EXPECT_EQ(moved.id, ab.id);
  EXPECT_EQ(moved.uid_validity, ab.uid_validity);
  EXPECT_EQ(moved.messages, 1u);
  EXPECT_GT(moved.highest_modseq, ab.highest_modseq);
  EXPECT_EQ(*Run(store_->ListSubscriptions(a.id)), (std::vector<std::string>{"x/y/b"}));

  auto exists = Run(store_->RenameMailbox(a.id, "z", "ab"));
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().code, ErrorCode::kAlreadyExists);
  auto missing = Run(store_->RenameMailbox(a.id, "nope", "n2"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto onto_inbox = Run(store_->RenameMailbox(a.id, "z", "inbox"));
  ASSERT_FALSE(onto_inbox);
  EXPECT_EQ(onto_inbox.error().code, ErrorCode::kAlreadyExists);
  auto into_self = Run(store_->RenameMailbox(a.id, "z", "z/deeper"));
  ASSERT_FALSE(into_self);
  EXPECT_EQ(into_self.error().code, ErrorCode::kInvalidArgument);
  // A child's new name clashing fails the whole rename and changes nothing.
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "q/b", "")));
  auto clash = Run(store_->RenameMailbox(a.id, "x/y", "q"));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(GetMailbox(a.id, "x/y").name, "x/y");
}

TEST_P(StoreConformanceTest, Subscriptions) {
  Account a = MakeAccount("alice");
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "inbox", true)));
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Not/There/Yet", true)));  // allowed
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Lists", true)));
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Lists", true)));  // idempotent
  EXPECT_EQ(*Run(store_->ListSubscriptions(a.id)),
            (std::vector<std::string>{"INBOX", "Lists", "Not/There/Yet"}));
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Lists", false)));
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Never", false)));
  EXPECT_EQ(*Run(store_->ListSubscriptions(a.id)),
            (std::vector<std::string>{"INBOX", "Not/There/Yet"}));
  Account b = MakeAccount("bob");
  EXPECT_TRUE(Run(store_->ListSubscriptions(b.id))->empty());
}

TEST_P(StoreConformanceTest, DeleteAccountRemovesEverything) {
  Account a = MakeAccount("alice");
  Account b = MakeAccount("bob");
  Append(a.id, "INBOX", "shared body");
  Append(b.id, "INBOX", "shared body");
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "INBOX", true)));
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  ASSERT_TRUE(Run(store_->DeleteAccount("alice")));
  EXPECT_FALSE(Run(store_->ListMessages(inbox.id, 0)));
  EXPECT_FALSE(Run(store_->ListMailboxes(a.id)));
  // Bob's copy of the same body is untouched.
  Mailbox bob_inbox = GetMailbox(b.id, "INBOX");
  auto msgs = Run(store_->ListMessages(bob_inbox.id, 0));
  ASSERT_TRUE(msgs);
  ASSERT_EQ(msgs->size(), 1u);
  auto body = store_->blobs().ReadAll((*msgs)[0].blob_id);
  ASSERT_TRUE(body);
  EXPECT_EQ(*body, "shared body");
  // The name is free again; the new account starts empty.
  Account a2 = MakeAccount("alice");
  EXPECT_NE(a2.id, a.id);
  EXPECT_EQ(GetMailbox(a2.id, "INBOX").messages, 0u);
}

TEST_P(StoreConformanceTest, ChangeFeedHearsDurableChanges) {
  Account a = MakeAccount("alice");
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  std::mutex mu;
  std::vector<ModSeq> heard;
  std::promise<void> got_three;
  auto sub = store_->changes().Subscribe(inbox.id, [&](MailboxId mailbox, ModSeq modseq) {
    EXPECT_EQ(mailbox, inbox.id);
    std::lock_guard lock(mu);
    heard.push_back(modseq);
    if (heard.size() == 3) got_three.set_value();
  });
  Append(a.id, "Other", "not for us");
  AppendResult r = Append(a.id, "INBOX", "hello");
  auto fc = Run(store_->ChangeFlags(inbox.id, {r.uid}, Flags(FlagOp::kAdd, kFlagSeen)));
  ASSERT_TRUE(fc);
  auto ex = Run(store_->Expunge(inbox.id, {r.uid}));
  ASSERT_TRUE(ex);
  ASSERT_EQ(got_three.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::lock_guard lock(mu);
  EXPECT_EQ(heard, (std::vector<ModSeq>{r.modseq, fc->changed[0].modseq, ex->modseq}));
}

TEST_P(StoreConformanceTest, ConcurrentAppendsFromManyThreads) {
  Account a = MakeAccount("alice");
  constexpr int kCoroutines = 300;
  // Bodies are stored up front: this test is about the index.
  std::vector<AppendRequest> reqs;
  for (int i = 0; i < kCoroutines; ++i) {
    reqs.push_back(Message(a.id, i % 3 ? "INBOX" : "Busy", "body " + std::to_string(i % 10)));
  }
  auto commits = [&]() -> std::optional<uint64_t> {
    return GetParam().commits ? GetParam().commits(*store_) : std::nullopt;
  };
  std::optional<uint64_t> commits_before = commits();

  boost::asio::io_context io;
  std::mutex mu;
  std::map<MailboxId, std::vector<Uid>> uids;
  std::set<std::pair<MailboxId, ModSeq>> modseqs;
  std::atomic<int> failures{0};
  for (auto& req : reqs) {
    boost::asio::co_spawn(
        io,
        [&, r = std::move(req)]() mutable -> boost::asio::awaitable<void> {
          auto res = co_await store_->Append(std::move(r));
          if (!res) {
            ++failures;
            co_return;
          }
          std::lock_guard lock(mu);
          uids[res->mailbox].push_back(res->uid);
          modseqs.emplace(res->mailbox, res->modseq);
        },
        boost::asio::detached);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&io] { io.run(); });
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  size_t total = 0;
  for (auto& [mailbox, list] : uids) {
    std::sort(list.begin(), list.end());
    // Dense and unique: 1..n.
    for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i], i + 1);
    total += list.size();
  }
  EXPECT_EQ(total, static_cast<size_t>(kCoroutines));
  EXPECT_EQ(modseqs.size(), static_cast<size_t>(kCoroutines));
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Busy");
  if (commits_before) {
    uint64_t used = *commits() - *commits_before;
    // Group commit: concurrent appends share commits.
    EXPECT_LT(used, static_cast<uint64_t>(kCoroutines));
    std::printf("[          ] %d concurrent appends took %llu commits\n", kCoroutines,
                static_cast<unsigned long long>(used));
  }
}

TEST_P(StoreConformanceTest, BlobsRoundTripThroughTheStore) {
  std::string body(100000, 'q');
  for (size_t i = 0; i < body.size(); i += 7) body[i] = static_cast<char>('a' + i % 26);
  std::string id = PutBlob(body);
  EXPECT_EQ(id.size(), 64u);
  auto back = store_->blobs().ReadAll(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, body);
  auto missing = store_->blobs().Open(std::string(64, '0'));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tern::store::testing

namespace tern::store::testing {
namespace {

TEST_P(StoreConformanceTest, AccountsKeepScramPopOptionsAndApopSecret) {
  NewAccount n = Named("alice");
  n.scram = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy";
  n.pop_options = "v=2d";
  n.apop_secret = "aes256gcm:c2VhbGVk";
  auto created = Run(store_->CreateAccount(n));
  ASSERT_TRUE(created);
  EXPECT_EQ(created->scram, n.scram);
  EXPECT_EQ(created->pop_options, "v=2d");
  EXPECT_EQ(created->apop_secret, n.apop_secret);
  AccountUpdate u;
  u.pop_options = "l=10";
  ASSERT_TRUE(Run(store_->UpdateAccount("alice", u)));
  Reopen();
  auto got = Run(store_->GetAccount("alice"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->pop_options, "l=10");
  EXPECT_EQ(got->scram, n.scram);
  EXPECT_EQ(got->apop_secret, n.apop_secret);  // untouched by an update that omits it
  AccountUpdate clear;
  clear.apop_secret = "";
  ASSERT_TRUE(Run(store_->UpdateAccount("alice", clear)));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->apop_secret, "");
}

TEST_P(StoreConformanceTest, InitialMailboxesAreCreatedWithTheAccount) {
  NewAccount n = Named("alice");
  n.mailboxes = {{"Sent", "\\Sent"}, {"Trash", "\\Trash"}};
  auto created = Run(store_->CreateAccount(n));
  ASSERT_TRUE(created);
  auto boxes = Run(store_->ListMailboxes(created->id));
  ASSERT_TRUE(boxes);
  std::map<std::string, std::string> uses;
  for (const Mailbox& m : *boxes) uses[m.name] = m.special_use;
  EXPECT_EQ(uses, (std::map<std::string, std::string>{
                      {"INBOX", ""}, {"Sent", "\\Sent"}, {"Trash", "\\Trash"}}));
  // An invalid name fails the whole account: nothing is left half-created.
  NewAccount bad = Named("bob");
  bad.mailboxes = {{"Sent", "\\Sent"}, {"", "\\Trash"}};
  EXPECT_FALSE(Run(store_->CreateAccount(bad)));
  EXPECT_FALSE(Run(store_->GetAccount("bob")));
}

TEST_P(StoreConformanceTest, PopViewsRecordDownloadsPerView) {
  Account a = MakeAccount("alice");
  for (const char* body : {"a", "bb", "ccc"}) Append(a.id, "INBOX", body);
  Mailbox m = GetMailbox(a.id, "INBOX");
  PopUpdate u;
  u.mailbox = m.id;
  u.view = 2;
  u.downloaded = {1, 3, 77};  // 77 does not exist: ignored
  ASSERT_TRUE(Run(store_->ApplyPopUpdate(u)));
  EXPECT_EQ(*Run(store_->ListPopDownloaded(m.id, 2)), (std::vector<Uid>{1, 3}));
  EXPECT_TRUE(Run(store_->ListPopDownloaded(m.id, 1))->empty());
  // A view's record goes with the message.
  ASSERT_TRUE(Run(store_->Expunge(m.id, {3})));
  EXPECT_EQ(*Run(store_->ListPopDownloaded(m.id, 2)), (std::vector<Uid>{1}));
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, m.highest_modseq + 1);
}

TEST_P(StoreConformanceTest, PopUpdateExpungesAndMovesToTrashAtomically) {
  Account a = MakeAccount("alice", 100);
  for (const char* body : {"1111", "2222", "3333", "4444"}) Append(a.id, "INBOX", body);
  Mailbox m = GetMailbox(a.id, "INBOX");
  PopUpdate u;
  u.mailbox = m.id;
  u.expunge = {1};
  u.move_to_trash = {2, 3};
  ASSERT_TRUE(Run(store_->ApplyPopUpdate(u)));
  auto inbox = Run(store_->ListMessages(m.id, 0));
  EXPECT_EQ(UidsOf(*inbox), (std::vector<Uid>{4}));
  Mailbox trash = GetMailbox(a.id, "Trash");
  EXPECT_EQ(trash.special_use, "\\Trash");
  auto moved = Run(store_->ListMessages(trash.id, 0));
  ASSERT_EQ(moved->size(), 2u);
  EXPECT_EQ(UidsOf(*moved), (std::vector<Uid>{1, 2}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 12);  // 3 messages of 4 bytes
  EXPECT_EQ(*Run(store_->Vanished(m.id, 0)), (std::vector<Uid>{1, 2, 3}));
}

TEST_P(StoreConformanceTest, PopUpdateIgnoresMessagesAlreadyGone) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "x");
  Mailbox m = GetMailbox(a.id, "INBOX");
  ASSERT_TRUE(Run(store_->Expunge(m.id, {1})));
  PopUpdate u;
  u.mailbox = m.id;
  u.view = 1;
  u.downloaded = {1};
  u.expunge = {1};
  u.move_to_trash = {1};
  ASSERT_TRUE(Run(store_->ApplyPopUpdate(u)));
  EXPECT_TRUE(Run(store_->ListPopDownloaded(m.id, 1))->empty());
}

// Copies, moves and the \Deleted count (what IMAP COPY, MOVE, RENAME INBOX and STATUS
// DELETED need).

TEST_P(StoreConformanceTest, CopyKeepsMessagesAndGivesNewUids) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "one", kFlagSeen);
  Append(a.id, "INBOX", "two");
  AppendResult three = Append(a.id, "INBOX", "three", kFlagFlagged | kFlagDeleted);
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {3}, Flags(FlagOp::kAdd, 0, {"Work"}))));
  inbox = GetMailbox(a.id, "INBOX");
  Append(a.id, "Work", "already there");
  Mailbox work = GetMailbox(a.id, "Work");

  auto r = Run(store_->CopyMessages(inbox.id, {3, 1, 99, 1}, work.id, /*move=*/false));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(r->uid_validity, work.uid_validity);
  EXPECT_EQ(r->source_uids, (std::vector<Uid>{1, 3}));
  EXPECT_EQ(r->dest_uids, (std::vector<Uid>{2, 3}));
  EXPECT_EQ(r->source_modseq, 0u);
  EXPECT_EQ(r->dest_modseq, work.highest_modseq + 1);

  Mailbox work_after = GetMailbox(a.id, "Work");
  EXPECT_EQ(work_after.uid_next, 4u);
  EXPECT_EQ(work_after.highest_modseq, r->dest_modseq);
  EXPECT_EQ(work_after.messages, 3u);
  EXPECT_EQ(work_after.deleted, 1u);
  // The source is untouched.
  Mailbox inbox_after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(inbox_after.messages, 3u);
  EXPECT_EQ(inbox_after.highest_modseq, inbox.highest_modseq);

  auto sources = Run(store_->ListMessages(inbox.id, 0));
  auto copies = Run(store_->ListMessages(work.id, r->dest_modseq - 1));
  ASSERT_TRUE(sources && copies);
  ASSERT_EQ(copies->size(), 2u);
  const MessageMeta* originals[] = {&(*sources)[0], &(*sources)[2]};
  for (size_t i = 0; i < 2; ++i) {
    const MessageMeta& copy = (*copies)[i];
    const MessageMeta& original = *originals[i];
    EXPECT_EQ(copy.uid, r->dest_uids[i]);
    EXPECT_EQ(copy.modseq, r->dest_modseq);
    EXPECT_EQ(copy.flags, original.flags);
    EXPECT_EQ(copy.keywords, original.keywords);
    EXPECT_EQ(copy.internal_date, original.internal_date);
    EXPECT_EQ(copy.size, original.size);
    EXPECT_EQ(copy.blob_id, original.blob_id);
    EXPECT_GE(copy.save_date, original.save_date);
    EXPECT_EQ(copy.email_id, original.email_id);  // RFC 8474 5.1: the same EMAILID
  }
  EXPECT_EQ((*copies)[1].keywords, (std::vector<std::string>{"Work"}));
  EXPECT_EQ(*Run(store_->GetStructure(work.id, 3)), "structure:three");
  EXPECT_EQ(three.uid, 3u);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 3 + 3 + 5 + 13 + 3 + 5);
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Work");
}

TEST_P(StoreConformanceTest, MoveExpungesTheSourcesInTheSameWrite) {
  Account a = MakeAccount("alice");
  for (const char* body : {"a", "bb", "ccc"}) Append(a.id, "INBOX", body, kFlagDeleted);
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);
  auto before = Run(store_->ListMessages(inbox.id, 0));
  ASSERT_TRUE(before);

  auto r = Run(store_->CopyMessages(inbox.id, {3, 2, 7}, work->id, /*move=*/true));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(r->source_uids, (std::vector<Uid>{2, 3}));
  EXPECT_EQ(r->dest_uids, (std::vector<Uid>{1, 2}));
  EXPECT_EQ(r->source_modseq, inbox.highest_modseq + 1);
  EXPECT_EQ(r->dest_modseq, work->highest_modseq + 1);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, r->source_modseq);
  EXPECT_EQ(*Run(store_->Vanished(inbox.id, inbox.highest_modseq)), (std::vector<Uid>{2, 3}));
  EXPECT_EQ(UidsOf(*Run(store_->ListMessages(inbox.id, 0))), (std::vector<Uid>{1}));
  auto moved = Run(store_->ListMessages(work->id, 0));
  ASSERT_TRUE(moved);
  // A moved message is the same email (RFC 8474 OBJECTID).
  EXPECT_EQ(Each(*moved, &MessageMeta::email_id),
            (std::vector<int64_t>{(*before)[1].email_id, (*before)[2].email_id}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 6);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").deleted, 1u);
  EXPECT_EQ(GetMailbox(a.id, "Work").deleted, 2u);
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Work");

  // Nothing left to move: nothing changes; the modseqs reported are the current ones.
  auto none = Run(store_->CopyMessages(inbox.id, {2, 3}, work->id, /*move=*/true));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->source_uids.empty());
  EXPECT_TRUE(none->dest_uids.empty());
  EXPECT_EQ(none->source_modseq, r->source_modseq);
  EXPECT_EQ(none->dest_modseq, r->dest_modseq);
  EXPECT_EQ(GetMailbox(a.id, "Work").uid_next, 3u);
}

TEST_P(StoreConformanceTest, CopyToTheSameMailboxButNoMoveThere) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "x", kFlagSeen);
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto r = Run(store_->CopyMessages(inbox.id, {1}, inbox.id, /*move=*/false));
  ASSERT_TRUE(r) << r.error().ToLogString();
  EXPECT_EQ(r->dest_uids, (std::vector<Uid>{2}));
  EXPECT_EQ(r->dest_modseq, inbox.highest_modseq + 1);
  auto msgs = Run(store_->ListMessages(inbox.id, 0));
  ASSERT_TRUE(msgs);
  EXPECT_EQ(UidsOf(*msgs), (std::vector<Uid>{1, 2}));
  EXPECT_EQ((*msgs)[1].flags, kFlagSeen);
  ExpectCountsConsistent(a.id, "INBOX");

  auto move = Run(store_->CopyMessages(inbox.id, {1}, inbox.id, /*move=*/true));
  ASSERT_FALSE(move);
  EXPECT_EQ(move.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").messages, 2u);
}

TEST_P(StoreConformanceTest, CopyNeedsBothMailboxes) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "x");
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  for (bool move : {false, true}) {
    auto to_nowhere = Run(store_->CopyMessages(inbox.id, {1}, inbox.id + 1000, move));
    ASSERT_FALSE(to_nowhere);
    EXPECT_EQ(to_nowhere.error().code, ErrorCode::kNotFound);
    auto from_nowhere = Run(store_->CopyMessages(inbox.id + 1000, {1}, inbox.id, move));
    ASSERT_FALSE(from_nowhere);
    EXPECT_EQ(from_nowhere.error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(GetMailbox(a.id, "INBOX").messages, 1u);
}

TEST_P(StoreConformanceTest, CopyOverQuotaChangesNothingButMoveFits) {
  Account a = MakeAccount("alice", 120);
  Append(a.id, "INBOX", std::string(40, 'a'));
  Append(a.id, "INBOX", std::string(40, 'b'));
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);

  auto over = Run(store_->CopyMessages(inbox.id, {1, 2}, work->id, /*move=*/false));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kOverQuota);
  Mailbox unchanged = GetMailbox(a.id, "Work");
  EXPECT_EQ(unchanged.messages, 0u);
  EXPECT_EQ(unchanged.uid_next, 1u);
  EXPECT_EQ(unchanged.highest_modseq, work->highest_modseq);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 80);

  auto fits = Run(store_->CopyMessages(inbox.id, {1}, work->id, /*move=*/false));
  ASSERT_TRUE(fits) << fits.error().ToLogString();
  EXPECT_EQ(fits->dest_uids, (std::vector<Uid>{1}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 120);
  // At the limit, a move within the account still works: it takes no new space.
  auto move = Run(store_->CopyMessages(inbox.id, {2}, work->id, /*move=*/true));
  ASSERT_TRUE(move) << move.error().ToLogString();
  EXPECT_EQ(move->dest_uids, (std::vector<Uid>{2}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 120);
}

TEST_P(StoreConformanceTest, CopySharesTheBodyWhichOutlivesTheOriginal) {
  Account a = MakeAccount("alice");
  AppendResult original = Append(a.id, "INBOX", "body kept by its copy");
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);
  std::string blob = (*Run(store_->ListMessages(inbox.id, 0)))[0].blob_id;
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);

  ASSERT_TRUE(Run(store_->CopyMessages(inbox.id, {original.uid}, work->id, /*move=*/false)));
  EXPECT_EQ(BlobRefs(blob).value_or(2), 2);
  ASSERT_TRUE(Run(store_->Expunge(inbox.id, {original.uid})));
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
  auto copy = Run(store_->ListMessages(work->id, 0));
  ASSERT_TRUE(copy);
  ASSERT_EQ(copy->size(), 1u);
  EXPECT_EQ((*copy)[0].blob_id, blob);
  EXPECT_EQ(*store_->blobs().ReadAll(blob), "body kept by its copy");

  // A move neither adds nor drops a reference.
  ASSERT_TRUE(Run(store_->CopyMessages(work->id, {1}, inbox.id, /*move=*/true)));
  EXPECT_EQ(BlobRefs(blob).value_or(1), 1);
  ASSERT_TRUE(Run(store_->Expunge(inbox.id, {2})));
  EXPECT_EQ(BlobRefs(blob).value_or(0), 0);
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 0);
}

TEST_P(StoreConformanceTest, MovePublishesBothMailboxes) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "hello");
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);
  std::mutex mu;
  std::map<MailboxId, ModSeq> heard;
  std::promise<void> got_both;
  auto listener = [&](MailboxId mailbox, ModSeq modseq) {
    std::lock_guard lock(mu);
    heard[mailbox] = modseq;
    if (heard.size() == 2) got_both.set_value();
  };
  auto sub_inbox = store_->changes().Subscribe(inbox.id, listener);
  auto sub_work = store_->changes().Subscribe(work->id, listener);
  auto r = Run(store_->CopyMessages(inbox.id, {1}, work->id, /*move=*/true));
  ASSERT_TRUE(r);
  ASSERT_EQ(got_both.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::lock_guard lock(mu);
  EXPECT_EQ(heard, (std::map<MailboxId, ModSeq>{{inbox.id, r->source_modseq},
                                                {work->id, r->dest_modseq}}));
}

// IMAP NOTIFY's mailbox-name, subscription and annotation events (RFC 5465 5.4-5.7):
// published once durable, before the caller resumes, for successful writes only.
TEST_P(StoreConformanceTest, AccountEventsForNamesSubscriptionsAndMetadata) {
  Account a = MakeAccount("alice");
  Account b = MakeAccount("bob");
  using Kind = AccountEvent::Kind;
  std::mutex mu;
  std::vector<std::tuple<Kind, std::string, std::string, std::vector<std::string>>> heard;
  auto sub = store_->changes().SubscribeAccount(a.id, [&](const AccountEvent& e) {
    EXPECT_EQ(e.account, a.id);
    std::lock_guard lock(mu);
    heard.emplace_back(e.kind, e.mailbox, e.old_name, e.entries);
  });
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "Work", "")));
  EXPECT_FALSE(Run(store_->CreateMailbox(a.id, "Work", "")));  // exists: no event
  ASSERT_TRUE(Run(store_->CreateMailbox(b.id, "Theirs", "")));  // another account's
  ASSERT_TRUE(Run(store_->RenameMailbox(a.id, "Work", "Play")));
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "Play", true)));
  ASSERT_TRUE(Run(store_->SetMetadata(a.id, "", {{"/private/comment", "x"}}, {})));
  ASSERT_TRUE(Run(store_->SetMetadata(a.id, "Play", {{"/shared/a", "1"}, {"/shared/b", {}}}, {})));
  ASSERT_TRUE(Run(store_->DeleteMailbox(a.id, "Play")));
  EXPECT_FALSE(Run(store_->DeleteMailbox(a.id, "Play")));
  std::lock_guard lock(mu);
  using V = std::vector<std::string>;
  EXPECT_EQ(heard, (std::vector<std::tuple<Kind, std::string, std::string, V>>{
                       {Kind::kMailboxCreated, "Work", "", V{}},
                       {Kind::kMailboxRenamed, "Play", "Work", V{}},
                       {Kind::kSubscriptionChanged, "Play", "", V{}},
                       {Kind::kMetadataChanged, "", "", V{"/private/comment"}},
                       {Kind::kMetadataChanged, "Play", "", V{"/shared/a", "/shared/b"}},
                       {Kind::kMailboxDeleted, "Play", "", V{}},
                   }));
}

TEST_P(StoreConformanceTest, RenameInboxMovesItsMessagesButNotItsChildren) {
  Account a = MakeAccount("alice", 10);
  Append(a.id, "INBOX", "12345", kFlagSeen);
  Append(a.id, "INBOX", "678");
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "INBOX/Lists", "")));
  Append(a.id, "INBOX/Lists", "9");
  ASSERT_TRUE(Run(store_->SetSubscribed(a.id, "INBOX", true)));
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  auto before = Run(store_->ListMessages(inbox.id, 0));
  ASSERT_TRUE(before);

  // The quota is full (9 of 10 bytes): moving within the account needs none.
  auto renamed = Run(store_->RenameMailbox(a.id, "inbox", "Old/Mail"));
  ASSERT_TRUE(renamed) << renamed.error().ToLogString();
  // No parent "Old" is created, and INBOX's child keeps its name.
  EXPECT_EQ(MailboxNames(a.id), (std::vector<std::string>{"INBOX", "INBOX/Lists", "Old/Mail"}));

  Mailbox after = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(after.id, inbox.id);
  EXPECT_EQ(after.uid_validity, inbox.uid_validity);
  EXPECT_EQ(after.messages, 0u);
  EXPECT_EQ(after.uid_next, 3u);  // UIDs are never reused
  EXPECT_GT(after.highest_modseq, inbox.highest_modseq);
  EXPECT_EQ(*Run(store_->Vanished(inbox.id, inbox.highest_modseq)), (std::vector<Uid>{1, 2}));
  Mailbox old = GetMailbox(a.id, "Old/Mail");
  EXPECT_EQ(old.special_use, "");
  auto moved = Run(store_->ListMessages(old.id, 0));
  ASSERT_TRUE(moved);
  EXPECT_EQ(UidsOf(*moved), (std::vector<Uid>{1, 2}));
  EXPECT_EQ(Each(*moved, &MessageMeta::email_id), Each(*before, &MessageMeta::email_id));
  EXPECT_EQ((*moved)[0].flags, kFlagSeen);
  EXPECT_EQ(GetMailbox(a.id, "INBOX/Lists").messages, 1u);
  EXPECT_EQ(*Run(store_->ListSubscriptions(a.id)), (std::vector<std::string>{"INBOX"}));
  EXPECT_EQ(Run(store_->GetAccount("alice"))->used_bytes, 9);
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Old/Mail");

  // New mail goes to INBOX as before; renaming it onto an existing name changes nothing.
  Append(a.id, "INBOX", "n");
  auto exists = Run(store_->RenameMailbox(a.id, "INBOX", "Old/Mail"));
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").messages, 1u);
  auto itself = Run(store_->RenameMailbox(a.id, "INBOX", "Inbox"));
  ASSERT_FALSE(itself);
  EXPECT_EQ(itself.error().code, ErrorCode::kAlreadyExists);
  // Its children stay where they are, so one of them may take INBOX's messages.
  ASSERT_TRUE(Run(store_->RenameMailbox(a.id, "INBOX", "INBOX/Saved")));
  EXPECT_EQ(GetMailbox(a.id, "INBOX/Saved").messages, 1u);
  EXPECT_EQ(GetMailbox(a.id, "INBOX").messages, 0u);
}

TEST_P(StoreConformanceTest, DeletedCountFollowsFlagsExpungeAndCopy) {
  Account a = MakeAccount("alice");
  Append(a.id, "INBOX", "1", kFlagDeleted);
  Append(a.id, "INBOX", "2", kFlagDeleted | kFlagSeen);
  Append(a.id, "INBOX", "3");
  Append(a.id, "INBOX", "4", kFlagSeen);
  Mailbox inbox = GetMailbox(a.id, "INBOX");
  EXPECT_EQ(inbox.deleted, 2u);
  auto deleted_now = [&] { return GetMailbox(a.id, "INBOX").deleted; };

  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {3, 4}, Flags(FlagOp::kAdd, kFlagDeleted))));
  EXPECT_EQ(deleted_now(), 4u);
  // A change of \Seen alone leaves the count alone.
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {1, 2, 3}, Flags(FlagOp::kAdd, kFlagSeen))));
  EXPECT_EQ(deleted_now(), 4u);
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {1}, Flags(FlagOp::kRemove, kFlagDeleted))));
  EXPECT_EQ(deleted_now(), 3u);
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {2}, Flags(FlagOp::kReplace, kFlagFlagged))));
  EXPECT_EQ(deleted_now(), 2u);
  ASSERT_TRUE(Run(store_->ChangeFlags(inbox.id, {1}, Flags(FlagOp::kReplace, kFlagDeleted))));
  EXPECT_EQ(deleted_now(), 3u);
  ExpectCountsConsistent(a.id, "INBOX");

  auto work = Run(store_->CreateMailbox(a.id, "Work", ""));
  ASSERT_TRUE(work);
  ASSERT_TRUE(Run(store_->CopyMessages(inbox.id, {1, 2, 3}, work->id, /*move=*/false)));
  EXPECT_EQ(GetMailbox(a.id, "Work").deleted, 2u);
  ASSERT_TRUE(Run(store_->Expunge(inbox.id, {1, 2})));
  EXPECT_EQ(deleted_now(), 2u);
  ASSERT_TRUE(Run(store_->CopyMessages(inbox.id, {3}, work->id, /*move=*/true)));
  EXPECT_EQ(deleted_now(), 1u);
  EXPECT_EQ(GetMailbox(a.id, "Work").deleted, 3u);

  // ListMailboxes reports it too.
  auto list = Run(store_->ListMailboxes(a.id));
  ASSERT_TRUE(list);
  for (const Mailbox& m : *list) {
    EXPECT_EQ(m.deleted, m.name == "INBOX" ? 1u : 3u) << m.name;
  }
  ExpectCountsConsistent(a.id, "INBOX");
  ExpectCountsConsistent(a.id, "Work");
}

}  // namespace
}  // namespace tern::store::testing
