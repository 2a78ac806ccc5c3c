// i;unicode-casemap keys, sent dates, address keys and msg-id normalisation.
#include "imap/sort/sort_keys.h"

#include <gtest/gtest.h>

#include "imap/sort/collation.h"
#include "mail/address.h"

namespace tern::imap::sort {
namespace {

TEST(CollationTest, CasemapKeys) {
  EXPECT_EQ(CasemapKey("Hello, World"), "HELLO, WORLD");
  EXPECT_EQ(CasemapKey(""), "");
  // Titlecase, then full decomposition: accents sort with their base letter.
  EXPECT_EQ(CasemapKey("é"), CasemapKey("É"));
  EXPECT_EQ(CasemapKey("é"), "E\xCC\x81");
  EXPECT_EQ(CasemapKey("ǆ"), CasemapKey("ǅ"));  // dz digraph: titlecase is Dž
  EXPECT_EQ(CasemapKey("Ǆ"), CasemapKey("ǅ"));
  // Compatibility decomposition after the simple titlecase mapping, which leaves the
  // ligature alone (RFC 5051 uses UnicodeData's simple mappings, not SpecialCasing).
  EXPECT_EQ(CasemapKey("ﬁ"), "fi");
  EXPECT_LT(CasemapKey("éclair"), CasemapKey("F"));
  EXPECT_GT(CasemapKey("éclair"), CasemapKey("E"));
  // Titlecase, not lower case: "_" (0x5F) sorts after the letters as i;ascii-casemap says.
  EXPECT_LT(CasemapKey("abc"), CasemapKey("_abc"));
  EXPECT_EQ(CasemapKey("MÜLLER"), CasemapKey("müller"));
  EXPECT_EQ(CasemapKey("\xFF" "a"), "\xEF\xBF\xBD" "A");  // invalid UTF-8 is U+FFFD
}

TEST(SentTimeTest, Rfc5256Section22) {
  // "31 Dec 2000 16:01:33 -0800" is "1 Jan 2001 00:01:33 +0000".
  EXPECT_EQ(ParseSentTime("31 Dec 2000 16:01:33 -0800"), 978307293);
  EXPECT_EQ(ParseSentTime("Mon, 1 Jan 2001 00:01:33 +0000"), 978307293);
  EXPECT_EQ(ParseSentTime("Mon, 1 Jan 2001 00:01:33 GMT"), 978307293);
  EXPECT_EQ(ParseSentTime("Sun, 31 Dec 2000 19:01:33 EST"), 978307293);
  EXPECT_EQ(ParseSentTime("1 Jan 2001 00:01 +0000"), 978307260);
  // Zone invalid: UTC. Time invalid: 00:00:00.
  EXPECT_EQ(ParseSentTime("1 Jan 2001 00:01:33 +99x9"), 978307293);
  EXPECT_EQ(ParseSentTime("1 Jan 2001 00:01:33"), 978307293);
  EXPECT_EQ(ParseSentTime("1 Jan 2001 25:01:33 -0800"), 978307200);
  EXPECT_EQ(ParseSentTime("1 Jan 2001"), 978307200);
  EXPECT_EQ(ParseSentTime("(comment) 1 Jan 2001 (x) 00:01:33 (y) +0000 (z)"), 978307293);
  EXPECT_EQ(ParseSentTime("Mon, 1 Jan 01 00:00:00 +0000"), 978307200);  // obs-year
  // No valid date: the caller uses the internal date.
  EXPECT_EQ(ParseSentTime(""), std::nullopt);
  EXPECT_EQ(ParseSentTime("yesterday"), std::nullopt);
  EXPECT_EQ(ParseSentTime("31 Feb 2001 10:00:00 +0000"), std::nullopt);
}

TEST(AddressKeyTest, FirstMailboxAndDisplay) {
  auto from = mail::ParseAddressList("\"Doe, John\" <JDoe@Example.COM>, b@c");
  EXPECT_EQ(FirstMailbox(from), "JDoe");
  EXPECT_EQ(DisplayValue(from), "Doe, John");
  auto bare = mail::ParseAddressList("jdoe@example.com");
  EXPECT_EQ(DisplayValue(bare), "jdoe@example.com");
  auto empty_name = mail::ParseAddressList("\"\" <x@y>");
  EXPECT_EQ(DisplayValue(empty_name), "x@y");
  auto encoded = mail::ParseAddressList("=?UTF-8?Q?J=C3=B6rg?= <j@x>");
  EXPECT_EQ(DisplayValue(encoded), "Jörg");
  auto group = mail::ParseAddressList("undisclosed-recipients:;");
  EXPECT_EQ(FirstMailbox(group), "");
  EXPECT_EQ(DisplayValue(group), "");
  auto in_group = mail::ParseAddressList("team: Ann <ann@x>;");
  EXPECT_EQ(FirstMailbox(in_group), "ann");
  EXPECT_EQ(DisplayValue(in_group), "Ann");
  EXPECT_EQ(FirstMailbox({}), "");
  EXPECT_EQ(DisplayValue({}), "");
}

TEST(MessageIdTest, Normalisation) {
  using V = std::vector<std::string>;
  // RFC 5256 3: the quoted and the unquoted form are one Message ID.
  EXPECT_EQ(ParseMessageIds("<\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>", 10),
            V{"01KF8JCEOCBS0045PS@xxx.yyy.com"});
  EXPECT_EQ(ParseMessageIds("<01KF8JCEOCBS0045PS@xxx.yyy.com>", 10),
            V{"01KF8JCEOCBS0045PS@xxx.yyy.com"});
  EXPECT_EQ(ParseMessageIds(" <a@b>\r\n\t<c@d> (comment <x@y>) <e @ f>", 10),
            (V{"a@b", "c@d", "e@f"}));
  // Case is kept: "Message ID comparisons are case-sensitive".
  EXPECT_EQ(ParseMessageIds("<A@B>", 10), V{"A@B"});
  // In-Reply-To as found in the wild.
  EXPECT_EQ(ParseMessageIds("Your message of \"Mon, 1 Jan\" <a@b>", 10), V{"a@b"});
  EXPECT_EQ(ParseMessageIds("<a@b> (from joe@x)", 10), V{"a@b"});
  EXPECT_EQ(ParseMessageIds("\"Joe <joe@x>\" (a (nested <n@x>) comment) <id@y>", 10),
            V{"id@y"});
  EXPECT_EQ(ParseMessageIds("<noat> <<x@y> <unclosed@z", 10), V{"x@y"});
  EXPECT_EQ(ParseMessageIds("<a@b><c@d><e@f>", 2), (V{"c@d", "e@f"}));  // the last kept
  EXPECT_EQ(ParseMessageIds("", 10), V{});
}

}  // namespace
}  // namespace tern::imap::sort
