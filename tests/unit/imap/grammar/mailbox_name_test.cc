#include "imap/grammar/mailbox_name.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::ParseAs;
using imaptest::Rev2;

TEST(MailboxNameTest, InboxIsCaseInsensitive) {
  ParseContext ctx;
  for (const char* name : {"INBOX", "inbox", "InBoX"}) {
    EXPECT_EQ(DecodeMailboxName(name, ctx).value(), "INBOX");
  }
  EXPECT_EQ(DecodeMailboxName("INBOX.Sent", ctx).value(), "INBOX.Sent");
  EXPECT_EQ(DecodeMailboxName("inboxes", ctx).value(), "inboxes");
  EXPECT_EQ(ParseAs<SelectCommand>("a SELECT \"iNbOx\"").mailbox, "INBOX");
}

TEST(MailboxNameTest, ModifiedUtf7InRev1Utf8InRev2) {
  ParseContext rev1;
  EXPECT_EQ(DecodeMailboxName("Entw&APw-rfe", rev1).value(),
            "Entw\xc3\xbc"
            "rfe");
  EXPECT_EQ(DecodeMailboxName("Entw&APw-rfe", Rev2()).value(), "Entw&APw-rfe");
  EXPECT_EQ(DecodeMailboxName("Entw\xc3\xbc"
                              "rfe",
                              Rev2())
                .value(),
            "Entw\xc3\xbc"
            "rfe");
  ParseContext utf8;
  utf8.utf8_accept = true;
  EXPECT_EQ(DecodeMailboxName("\xc3\xbc", utf8).value(), "\xc3\xbc");
  EXPECT_EQ(DecodeMailboxName("\xc3\xbc", rev1).error().public_text,
            "8-bit mailbox name (use modified UTF-7)");
  EXPECT_EQ(DecodeMailboxName("\xc3", Rev2()).error().public_text, "invalid UTF-8 mailbox name");
  EXPECT_EQ(ErrorText("a SELECT &AGE"), "invalid modified UTF-7 mailbox name");
  EXPECT_EQ(ParseAs<SelectCommand>("a SELECT \"\xc3\xbc\"", Rev2()).mailbox, "\xc3\xbc");
  EXPECT_EQ(ErrorText("a CREATE " + std::string(1001, 'x')), "mailbox name too long");
}

TEST(MailboxNameTest, Validate) {
  EXPECT_TRUE(ValidateMailboxName("INBOX", '/').has_value());
  EXPECT_TRUE(ValidateMailboxName("a/b/c", '/').has_value());
  EXPECT_TRUE(ValidateMailboxName("owatagusiam/", '/').has_value());
  EXPECT_TRUE(ValidateMailboxName("a..b", '/').has_value());
  EXPECT_TRUE(ValidateMailboxName("\xe6\x97\xa5\xe6\x9c\xac", '.').has_value());
  struct Case {
    std::string name;
    std::string text;
  };
  const Case cases[] = {
      {"", "mailbox name is empty"},
      {"../x", "mailbox name has a . or .. component"},
      {"a/../b", "mailbox name has a . or .. component"},
      {"a/.", "mailbox name has a . or .. component"},
      {"a//b", "mailbox name has an empty component"},
      {"/etc", "mailbox name starts with the hierarchy separator"},
      {"a*", "wildcard in mailbox name"},
      {"a%b", "wildcard in mailbox name"},
      {"a\tb", "control character in mailbox name"},
      {"\xff", "invalid UTF-8 mailbox name"},
      {std::string(1001, 'a'), "mailbox name too long"},
  };
  for (const auto& c : cases) {
    auto r = ValidateMailboxName(c.name, '/');
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().public_text, c.text) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(ValidateMailboxName("..", '.').error().public_text,
            "mailbox name starts with the hierarchy separator");
}

}  // namespace
}  // namespace tern::imap::grammar
