// GETQUOTA, GETQUOTAROOT, SETQUOTA and STATUS DELETED-STORAGE (RFC 9208, with the RFC's
// own examples).

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Parse;
using imaptest::ParseAs;
using imaptest::Rev2;

TEST(QuotaTest, RfcExamples) {
  // RFC 9208 4.1.1, 4.1.2, 4.1.3
  EXPECT_EQ(ParseAs<GetQuotaCommand>("G0001 GETQUOTA \"!partition/sda4\""),
            GetQuotaCommand{"!partition/sda4"});
  EXPECT_EQ(ParseAs<GetQuotaRootCommand>("G0002 GETQUOTAROOT INBOX"), GetQuotaRootCommand{"INBOX"});
  EXPECT_EQ(ParseAs<SetQuotaCommand>("S0001 SETQUOTA \"#user/alice\" (STORAGE 510)"),
            (SetQuotaCommand{"#user/alice", {{"STORAGE", 510}}}));
  EXPECT_EQ(ParseAs<SetQuotaCommand>("S0002 SETQUOTA \"!partition/sda4\" (STORAGE 99999999)"),
            (SetQuotaCommand{"!partition/sda4", {{"STORAGE", 99999999}}}));
  // RFC 9208 4.1.4
  auto status = ParseAs<StatusCommand>("S0003 STATUS INBOX (MESSAGES DELETED DELETED-STORAGE)");
  EXPECT_EQ(status.items, (std::vector<StatusItem>{StatusItem::kMessages, StatusItem::kDeleted,
                                                   StatusItem::kDeletedStorage}));
}

TEST(QuotaTest, RootsAreAStrings) {
  EXPECT_EQ(ParseAs<GetQuotaCommand>("a GETQUOTA \"\"").root, "");
  EXPECT_EQ(ParseAs<GetQuotaCommand>("a getquota {5}\r\nuser1").root, "user1");
  EXPECT_EQ(ParseAs<GetQuotaCommand>("a GETQUOTA user.alice").root, "user.alice");
  // A mailbox name is decoded like any other (modified UTF-7 in IMAP4rev1).
  EXPECT_EQ(ParseAs<GetQuotaRootCommand>("a GETQUOTAROOT \"Entw&APw-rfe\"").mailbox, "Entwürfe");
  EXPECT_EQ(ParseAs<GetQuotaRootCommand>("a GETQUOTAROOT inbox").mailbox, "INBOX");
  EXPECT_EQ(ParseAs<GetQuotaRootCommand>("a GETQUOTAROOT \"Entwürfe\"", Rev2()).mailbox,
            "Entwürfe");
}

TEST(QuotaTest, SetQuotaLists) {
  EXPECT_EQ(ParseAs<SetQuotaCommand>("a SETQUOTA \"\" ()"), (SetQuotaCommand{"", {}}));
  EXPECT_EQ(ParseAs<SetQuotaCommand>("a setquota \"\" (storage 512 Message 1000 X-FOO 0)"),
            (SetQuotaCommand{"", {{"STORAGE", 512}, {"MESSAGE", 1000}, {"X-FOO", 0}}}));
  // number64: up to 2^63-1.
  EXPECT_EQ(ParseAs<SetQuotaCommand>("a SETQUOTA \"\" (STORAGE 9223372036854775807)")
                .limits.at(0)
                .limit,
            9223372036854775807ULL);
}

TEST(QuotaTest, BadInput) {
  EXPECT_EQ(ErrorText("a GETQUOTA"), "missing quota root");
  EXPECT_EQ(ErrorText("a GETQUOTA \"\" extra"), "unexpected data after quota root");
  EXPECT_EQ(ErrorText("a GETQUOTAROOT"), "missing mailbox name");
  EXPECT_FALSE(Parse("a GETQUOTAROOT INBOX Sent"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\""));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" STORAGE 1"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE)"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE -1)"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE 9223372036854775808)"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE 1 )"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE 1"));
  EXPECT_FALSE(Parse("a SETQUOTA \"\" (STORAGE 1) x"));
  std::string many = "a SETQUOTA \"\" (";
  for (int i = 0; i < 17; ++i) many += (i ? " R" : "R") + std::to_string(i) + " 1";
  EXPECT_EQ(ErrorText(many + ")"), "too many quota resources");
  EXPECT_FALSE(Parse("a STATUS INBOX (DELETED-STORAGEX)"));
}

}  // namespace
}  // namespace tern::imap::grammar
