#include "imap/response/strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tern::imap::response {
namespace {

std::string Str(std::string_view s, TextMode mode = TextMode::kAscii) {
  std::string out;
  AppendString(out, s, mode);
  return out;
}

std::string AStr(std::string_view s, TextMode mode = TextMode::kAscii) {
  std::string out;
  AppendAString(out, s, mode);
  return out;
}

TEST(ImapStrings, QuotedAndEscaped) {
  EXPECT_EQ(Str(""), "\"\"");
  EXPECT_EQ(Str("hello world"), "\"hello world\"");
  EXPECT_EQ(Str("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Str("tab\there"), "\"tab\there\"");  // TEXT-CHAR excludes only CR and LF
}

TEST(ImapStrings, LiteralForLineBreaksAndNul) {
  EXPECT_EQ(Str("a\r\nb"), "{4}\r\na\r\nb");
  EXPECT_EQ(Str("a\nb"), "{3}\r\na\nb");
  EXPECT_EQ(Str("a\rb"), "{3}\r\na\rb");
  EXPECT_EQ(Str(std::string_view("a\0b", 3)), "{2}\r\nab");  // CHAR8 excludes NUL
  EXPECT_EQ(Str("a\nb", TextMode::kUtf8), "{3}\r\na\nb");
}

TEST(ImapStrings, EightBitNeedsLiteralUnlessUtf8) {
  const std::string cafe = "caf\xc3\xa9";
  EXPECT_EQ(Str(cafe), "{5}\r\ncaf\xc3\xa9");
  EXPECT_EQ(Str(cafe, TextMode::kUtf8), "\"caf\xc3\xa9\"");
  // Invalid UTF-8 is not a QUOTED-CHAR even in IMAP4rev2.
  EXPECT_EQ(Str("caf\xe9", TextMode::kUtf8), "{4}\r\ncaf\xe9");
  EXPECT_EQ(Str("\xc0\xaf", TextMode::kUtf8), "{2}\r\n\xc0\xaf");          // overlong
  EXPECT_EQ(Str("\xed\xa0\x80", TextMode::kUtf8), "{3}\r\n\xed\xa0\x80");  // surrogate
  EXPECT_EQ(Str("\xf4\x90\x80\x80", TextMode::kUtf8), "{4}\r\n\xf4\x90\x80\x80");
  EXPECT_EQ(Str("\xe2\x82", TextMode::kUtf8), "{2}\r\n\xe2\x82");  // truncated
  EXPECT_EQ(Str("\xf0\x9f\x98\x80", TextMode::kUtf8), "\"\xf0\x9f\x98\x80\"");
  EXPECT_EQ(Str("\xe2\x82\xac", TextMode::kUtf8), "\"\xe2\x82\xac\"");
}

TEST(ImapStrings, CanQuote) {
  EXPECT_TRUE(CanQuote("", TextMode::kAscii));
  EXPECT_TRUE(CanQuote("x\"y", TextMode::kAscii));
  EXPECT_FALSE(CanQuote("\x80", TextMode::kAscii));
  EXPECT_FALSE(CanQuote("\r", TextMode::kUtf8));
}

TEST(ImapStrings, NString) {
  std::string out;
  AppendNString(out, std::nullopt, TextMode::kAscii);
  out += ' ';
  AppendNString(out, std::string(""), TextMode::kAscii);
  out += ' ';
  AppendNString(out, std::string("NIL"), TextMode::kAscii);
  EXPECT_EQ(out, "NIL \"\" \"NIL\"");
}

TEST(ImapStrings, Atom) {
  EXPECT_TRUE(IsAtom("INBOX"));
  EXPECT_TRUE(IsAtom("$Forwarded"));
  EXPECT_FALSE(IsAtom(""));
  for (std::string_view bad :
       {"a b", "a(", "a)", "a{", "a%", "a*", "a\"", "a\\", "a]", "a\x7f", "a\x01", "caf\xc3\xa9"}) {
    EXPECT_FALSE(IsAtom(bad)) << bad;
  }
}

TEST(ImapStrings, AString) {
  EXPECT_EQ(AStr("INBOX"), "INBOX");
  EXPECT_EQ(AStr("Lists]x"), "Lists]x");  // ASTRING-CHAR allows resp-specials
  EXPECT_EQ(AStr("Sent Items"), "\"Sent Items\"");
  EXPECT_EQ(AStr(""), "\"\"");
  EXPECT_EQ(AStr("NIL"), "\"NIL\"");
  EXPECT_EQ(AStr("nil"), "\"nil\"");
  EXPECT_EQ(AStr("NILS"), "NILS");
  EXPECT_EQ(AStr("a*"), "\"a*\"");
  EXPECT_EQ(AStr("a%b"), "\"a%b\"");
  EXPECT_EQ(AStr("a{1}"), "\"a{1}\"");
  EXPECT_EQ(AStr("\"q\""), "\"\\\"q\\\"\"");
  EXPECT_EQ(AStr("Entw\xc3\xbcrfe"), "{9}\r\nEntw\xc3\xbcrfe");
  EXPECT_EQ(AStr("Entw\xc3\xbcrfe", TextMode::kUtf8), "\"Entw\xc3\xbcrfe\"");
}

TEST(ImapStrings, FlagList) {
  std::string out;
  const std::vector<std::string> none;
  AppendFlagList(out, none);
  EXPECT_EQ(out, "()");
  out.clear();
  const std::vector<std::string> flags = {"\\Seen", "\\Answered", "$Forwarded", "\\*", "bad flag",
                                          "\\",     "",           "x]",         "Junk"};
  AppendFlagList(out, flags);
  EXPECT_EQ(out, "(\\Seen \\Answered $Forwarded \\* Junk)");
}

TEST(ImapStrings, LiteralDirect) {
  std::string out = "x ";
  AppendLiteral(out, "");
  EXPECT_EQ(out, "x {0}\r\n");
  out.clear();
  AppendQuoted(out, "\\");
  EXPECT_EQ(out, "\"\\\\\"");
  out.clear();
  AppendNil(out);
  EXPECT_EQ(out, "NIL");
}

}  // namespace
}  // namespace tern::imap::response
