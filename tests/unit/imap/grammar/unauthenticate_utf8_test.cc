// UNAUTHENTICATE (RFC 8437 3) and what UTF8=ACCEPT (RFC 6855) changes in the grammar:
// the UTF8 form of APPEND data, UTF-8 in quoted strings and mailbox names.

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::FeedAll;
using imaptest::Parse;
using imaptest::ParseAs;

ParseContext Utf8Accept() {
  ParseContext c;
  c.utf8_accept = true;
  return c;
}

TEST(UnauthenticateTest, TakesNoArguments) {
  auto r = Parse("a unauthenticate");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(std::holds_alternative<UnauthenticateCommand>(r->body));
  EXPECT_EQ(CommandName(r->body), "UNAUTHENTICATE");
  EXPECT_EQ(ErrorText("a UNAUTHENTICATE now"), "UNAUTHENTICATE takes no arguments");
}

TEST(Utf8AcceptTest, AppendTakesTheUtf8DataItem) {
  // RFC 6855 4: append-data =/ "UTF8" SP "(" literal8 ")"
  const std::string message = "Subject: caf\xc3\xa9\r\n\r\nx\r\n";
  const std::string wire = "a APPEND INBOX (\\Seen) UTF8 (~{" + std::to_string(message.size()) +
                           "}\r\n" + message + ")";
  auto a = ParseAs<AppendCommand>(wire, Utf8Accept());
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_EQ(a.messages[0].flags, std::vector<std::string>{"\\Seen"});
  EXPECT_TRUE(a.messages[0].data.binary);
  EXPECT_EQ(a.messages[0].data.bytes, message);
  // The reader sees an APPEND message literal in it (so the session streams it).
  EXPECT_EQ(ParseAs<AppendCommand>("a APPEND INBOX utf8 (~{1}\r\nx)").messages[0].data.bytes, "x");
  EXPECT_EQ(ErrorText("a APPEND INBOX UTF8 (~{1}\r\nx"), "expected ) after UTF8 literal");
  EXPECT_EQ(ErrorText("a APPEND INBOX UTF8 ~{1}\r\nx"), "expected ( before UTF8 literal");
}

TEST(Utf8AcceptTest, QuotedStringsAndMailboxNamesAreUtf8) {
  // RFC 6855 3: with UTF8=ACCEPT, quoted strings may carry UTF-8, which must be valid,
  // and mailbox names are UTF-8, not modified UTF-7, exactly as in IMAP4rev2.
  auto s = ParseAs<SelectCommand>("a SELECT \"Entw\xc3\xbcrfe\"", Utf8Accept());
  EXPECT_EQ(s.mailbox, "Entw\xc3\xbcrfe");
  EXPECT_EQ(ParseAs<SelectCommand>("a SELECT \"&AOQ-\"", Utf8Accept()).mailbox, "&AOQ-");
  EXPECT_EQ(ParseAs<SelectCommand>("a SELECT \"&AOQ-\"").mailbox, "\xc3\xa4");
  EXPECT_EQ(ErrorText("a SELECT \"\xc3\"", Utf8Accept()), "invalid UTF-8 in quoted string");
  EXPECT_EQ(ErrorText("a SELECT \"\xc3\xa4\""), "8-bit mailbox name (use modified UTF-7)");
}

}  // namespace
}  // namespace tern::imap::grammar
