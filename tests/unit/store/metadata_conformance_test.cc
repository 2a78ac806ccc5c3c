// The conformance suite, continued: annotations (IMAP METADATA, RFC 5464; store/metadata.h).
// Every backend must apply DEPTH and MAXSIZE as the RFC's examples do, change all entries
// of one call or none, bound what an account stores, and keep entries with their mailbox
// through RENAME and drop them with it on DELETE.

#include <string>
#include <vector>

#include "store/metadata.h"
#include "store_conformance.h"

namespace tern::store::testing {
namespace {

using Entries = std::vector<MetadataEntry>;

MetadataQuery Query(std::vector<std::string> entries, MetadataDepth depth = MetadataDepth::kZero,
                    std::optional<uint64_t> max_size = std::nullopt) {
  return MetadataQuery{std::move(entries), depth, max_size};
}

MetadataChange Set(std::string name, std::string value) { return {std::move(name), std::move(value)}; }
MetadataChange Delete(std::string name) { return {std::move(name), std::nullopt}; }

Status SetAll(Store& store, AccountId account, std::string mailbox,
              std::vector<MetadataChange> changes, MetadataLimits limits = {}) {
  return RunTask(store.SetMetadata(account, std::move(mailbox), std::move(changes), limits));
}

MetadataValues Get(Store& store, AccountId account, std::string mailbox, MetadataQuery query) {
  auto r = RunTask(store.GetMetadata(account, std::move(mailbox), std::move(query)));
  EXPECT_TRUE(r) << r.error().ToLogString();
  return r.value_or(MetadataValues{});
}

ErrorCode SetError(Store& store, AccountId account, std::string mailbox,
                   std::vector<MetadataChange> changes, MetadataLimits limits = {}) {
  auto r = SetAll(store, account, std::move(mailbox), std::move(changes), limits);
  EXPECT_FALSE(r) << "SetMetadata succeeded";
  return r ? ErrorCode::kInternal : r.error().code;
}

TEST_P(StoreConformanceTest, MetadataSetGetAndDeleteOnMailboxesAndTheServer) {
  Account a = MakeAccount("alice");
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX",
                     {Set("/private/comment", "My own comment"),
                      Set("/shared/comment", "Shared comment")}));
  ASSERT_TRUE(SetAll(*store_, a.id, "", {Set("/shared/comment", "Server comment")}));
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/shared/comment", "/private/comment"})).entries,
            (Entries{{"/shared/comment", "Shared comment"}, {"/private/comment", "My own comment"}}));
  // Server and mailbox entries are apart; the INBOX is found in any case.
  EXPECT_EQ(Get(*store_, a.id, "", Query({"/shared/comment", "/private/comment"})).entries,
            (Entries{{"/shared/comment", "Server comment"}}));
  EXPECT_EQ(Get(*store_, a.id, "inbox", Query({"/private/comment"})).entries,
            (Entries{{"/private/comment", "My own comment"}}));
  // A new value replaces the old; NIL deletes; deleting what is not there is no error.
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/private/comment", "new"), Delete("/shared/comment"),
                                     Delete("/shared/never")}));
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/shared/comment", "/private/comment"})).entries,
            (Entries{{"/private/comment", "new"}}));
  // Values are octets: NUL, CR LF and 8-bit survive, and so does the empty value.
  const std::string binary("a\0b\r\n\xff", 6);
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/private/vendor/tern/bin", binary),
                                     Set("/private/empty", "")}));
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/private/vendor/tern/bin", "/private/empty"})).entries,
            (Entries{{"/private/vendor/tern/bin", binary}, {"/private/empty", ""}}));
  // Another account sees none of it, and entries outlive a reopen.
  Account b = MakeAccount("bob");
  EXPECT_TRUE(Get(*store_, b.id, "", Query({"/shared/comment"})).entries.empty());
  EXPECT_TRUE(Get(*store_, b.id, "INBOX", Query({"/private/comment"})).entries.empty());
  Reopen();
  EXPECT_EQ(Get(*store_, a.id, "", Query({"/shared/comment"})).entries,
            (Entries{{"/shared/comment", "Server comment"}}));
}

// RFC 7162 3.2: a mailbox annotation change raises the mailbox's HIGHESTMODSEQ.
TEST_P(StoreConformanceTest, MetadataChangesRaiseTheMailboxModSeq) {
  Account a = MakeAccount("alice");
  const ModSeq before = GetMailbox(a.id, "INBOX").highest_modseq;
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/private/comment", "x")}));
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, before + 1);
  ASSERT_TRUE(SetAll(*store_, a.id, "", {Set("/private/comment", "server")}));
  EXPECT_EQ(GetMailbox(a.id, "INBOX").highest_modseq, before + 1);
}

TEST_P(StoreConformanceTest, MetadataDepthFollowsRfc5464Section422) {
  Account a = MakeAccount("alice");
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX",
                     {Set("/private/filters/values/small", "SMALLER 5000"),
                      Set("/private/filters/values/boss", "FROM \"boss@example.com\""),
                      Set("/private/filters/values/boss/deep", "x"),
                      Set("/private/filters/valuesx", "not below"),
                      Set("/private/filters/values", "itself")}));
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/private/filters/values"})).entries,
            (Entries{{"/private/filters/values", "itself"}}));
  // DEPTH 1: the entry and its children in name order, not grandchildren or siblings that
  // merely share the prefix.
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/private/filters/values"}, MetadataDepth::kOne)).entries,
            (Entries{{"/private/filters/values", "itself"},
                     {"/private/filters/values/boss", "FROM \"boss@example.com\""},
                     {"/private/filters/values/small", "SMALLER 5000"}}));
  EXPECT_EQ(
      Get(*store_, a.id, "INBOX", Query({"/private/filters/values"}, MetadataDepth::kInfinity)).entries,
      (Entries{{"/private/filters/values", "itself"},
               {"/private/filters/values/boss", "FROM \"boss@example.com\""},
               {"/private/filters/values/boss/deep", "x"},
               {"/private/filters/values/small", "SMALLER 5000"}}));
  // A scope alone reaches everything under it; an entry requested twice comes once.
  auto all = Get(*store_, a.id, "INBOX",
                 Query({"/private/filters/values/small", "/private"}, MetadataDepth::kInfinity));
  ASSERT_EQ(all.entries.size(), 5u);
  EXPECT_EQ(all.entries[0].name, "/private/filters/values/small");
  EXPECT_EQ(all.entries[1].name, "/private/filters/values");
  EXPECT_TRUE(Get(*store_, a.id, "INBOX", Query({"/shared"}, MetadataDepth::kInfinity)).entries.empty());
}

TEST_P(StoreConformanceTest, MetadataMaxSizeLeavesLongValuesOut) {
  Account a = MakeAccount("alice");
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/shared/comment", std::string(2199, 'x')),
                                     Set("/private/comment", "My own comment"),
                                     Set("/private/comment/long", std::string(1500, 'y'))}));
  // RFC 5464 4.2.1: MAXSIZE 1024 returns only the short value and reports the others.
  auto r = Get(*store_, a.id, "INBOX",
               Query({"/shared/comment", "/private/comment"}, MetadataDepth::kOne, 1024));
  EXPECT_EQ(r.entries, (Entries{{"/private/comment", "My own comment"}}));
  EXPECT_EQ(r.too_large, (std::vector<std::pair<std::string, uint64_t>>{
                             {"/shared/comment", 2199}, {"/private/comment/long", 1500}}));
  // A value exactly MAXSIZE long is returned.
  r = Get(*store_, a.id, "INBOX", Query({"/private/comment"}, MetadataDepth::kZero, 14));
  EXPECT_EQ(r.entries.size(), 1u);
  EXPECT_TRUE(r.too_large.empty());
}

TEST_P(StoreConformanceTest, MetadataLimitsAndFailuresChangeNothing) {
  Account a = MakeAccount("alice");
  const MetadataLimits limits{.max_value_size = 10, .max_entries = 3};
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/shared/a", "1"), Set("/shared/b", "2")}, limits));
  // A value over the limit fails the whole call: the first change is not kept.
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/shared/a", "changed"), Set("/shared/c", "01234567890")},
                     limits),
            ErrorCode::kTooLarge);
  // One more entry fits, two do not (RFC 5464 TOOMANY), and again nothing changes.
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/shared/a", "changed"), Set("/shared/c", "3"),
                                     Set("/shared/d", "4")},
                     limits),
            ErrorCode::kLimit);
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/shared"}, MetadataDepth::kOne)).entries,
            (Entries{{"/shared/a", "1"}, {"/shared/b", "2"}}));
  // Deleting one makes room for another in the same call.
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Delete("/shared/a"), Set("/shared/c", "3"),
                                     Set("/shared/d", "4")},
                     limits));
  // The count is per mailbox: the server and other mailboxes have their own.
  ASSERT_TRUE(SetAll(*store_, a.id, "", {Set("/shared/a", "1"), Set("/shared/b", "2"),
                                Set("/private/c", "3")},
                     limits));
  // A lower limit never blocks an update or a delete, only growth.
  const MetadataLimits lower{.max_value_size = 10, .max_entries = 1};
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/shared/b", "new")}, lower));
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Delete("/shared/c")}, lower));
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/shared/e", "5")}, lower), ErrorCode::kLimit);
  // Names the store does not take, and mailboxes that do not exist.
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/shared/ok", "1"), Set("/Shared/Upper", "1")}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/other/x", "1")}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(SetError(*store_, a.id, "INBOX", {Set("/shared", "1")}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(SetError(*store_, a.id, "Nowhere", {Set("/shared/x", "1")}), ErrorCode::kNotFound);
  auto missing = Run(store_->GetMetadata(a.id, "Nowhere", Query({"/shared/x"})));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Get(*store_, a.id, "INBOX", Query({"/shared/ok"})).entries.empty());
}

TEST_P(StoreConformanceTest, MetadataEntriesFollowRenameAndGoWithDelete) {
  Account a = MakeAccount("alice");
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "Work", "")));
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "Work/Old", "")));
  ASSERT_TRUE(SetAll(*store_, a.id, "Work", {Set("/shared/comment", "work")}));
  ASSERT_TRUE(SetAll(*store_, a.id, "Work/Old", {Set("/private/comment", "old")}));
  ASSERT_TRUE(Run(store_->RenameMailbox(a.id, "Work", "Job")));
  EXPECT_EQ(Get(*store_, a.id, "Job", Query({"/shared/comment"})).entries,
            (Entries{{"/shared/comment", "work"}}));
  EXPECT_EQ(Get(*store_, a.id, "Job/Old", Query({"/private/comment"})).entries,
            (Entries{{"/private/comment", "old"}}));

  // RFC 5464 4.1: a mailbox created again under a deleted one's name starts bare.
  ASSERT_TRUE(Run(store_->DeleteMailbox(a.id, "Job/Old")));
  ASSERT_TRUE(Run(store_->CreateMailbox(a.id, "Job/Old", "")));
  EXPECT_TRUE(Get(*store_, a.id, "Job/Old", Query({"/private/comment"})).entries.empty());

  // Renaming INBOX copies its entries: both keep them.
  ASSERT_TRUE(SetAll(*store_, a.id, "INBOX", {Set("/private/comment", "inbox")}));
  ASSERT_TRUE(Run(store_->RenameMailbox(a.id, "INBOX", "Saved")));
  EXPECT_EQ(Get(*store_, a.id, "Saved", Query({"/private/comment"})).entries,
            (Entries{{"/private/comment", "inbox"}}));
  EXPECT_EQ(Get(*store_, a.id, "INBOX", Query({"/private/comment"})).entries,
            (Entries{{"/private/comment", "inbox"}}));

  // Deleting the account takes its server entries too.
  ASSERT_TRUE(SetAll(*store_, a.id, "", {Set("/private/x", "1")}));
  ASSERT_TRUE(Run(store_->DeleteAccount("alice")));
  Account again = MakeAccount("alice");
  EXPECT_TRUE(Get(*store_, again.id, "", Query({"/private"}, MetadataDepth::kInfinity)).entries.empty());
}

TEST(MetadataScopeTest, DepthAndValidNames) {
  EXPECT_TRUE(IsInMetadataScope("/a", "/a", MetadataDepth::kZero));
  EXPECT_FALSE(IsInMetadataScope("/a", "/a/b", MetadataDepth::kZero));
  EXPECT_TRUE(IsInMetadataScope("/a", "/a/b", MetadataDepth::kOne));
  EXPECT_FALSE(IsInMetadataScope("/a", "/a/b/c", MetadataDepth::kOne));
  EXPECT_TRUE(IsInMetadataScope("/a", "/a/b/c", MetadataDepth::kInfinity));
  EXPECT_FALSE(IsInMetadataScope("/a", "/ab", MetadataDepth::kInfinity));
  EXPECT_FALSE(IsInMetadataScope("/a/b", "/a", MetadataDepth::kInfinity));
  EXPECT_TRUE(IsValidMetadataName("/private/comment"));
  EXPECT_TRUE(IsValidMetadataName("/shared/vendor/tern/x"));
  EXPECT_FALSE(IsValidMetadataName("/private/"));
  EXPECT_FALSE(IsValidMetadataName("/private"));
  EXPECT_FALSE(IsValidMetadataName("/Private/comment"));
  EXPECT_FALSE(IsValidMetadataName("/shared/caf\xc3\xa9"));
  EXPECT_FALSE(IsValidMetadataName("/public/comment"));
}

}  // namespace

}  // namespace tern::store::testing
