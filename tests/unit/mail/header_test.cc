#include "mail/header.h"

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

TEST(Header, ParsesFieldsAndKeepsRawValuesExactly) {
  const Header h = Header::Parse(
      "Subject: This\r\n is a test\r\nFrom:ann@example.com\r\nX-Empty:\r\n\r\nbody: no\r\n");
  ASSERT_EQ(h.fields().size(), 3u);
  EXPECT_EQ(h.fields()[0].name, "Subject");
  EXPECT_EQ(h.fields()[0].raw_value, " This\r\n is a test");  // RFC 5322 2.2.3 folding kept
  EXPECT_EQ(h.fields()[0].Value(), "This is a test");
  EXPECT_EQ(h.fields()[1].raw_value, "ann@example.com");
  EXPECT_EQ(h.fields()[1].offset, 27u);
  EXPECT_EQ(h.fields()[2].Value(), "");
}

TEST(Header, LookupIsCaseInsensitiveAndFindsAll) {
  const Header h = Header::Parse("received: a\nRECEIVED: b\nContent-Type: text/plain\n");
  EXPECT_EQ(h.Value("Received"), "a");
  EXPECT_EQ(h.FindAll("received").size(), 2u);
  EXPECT_EQ(h.Value("content-type"), "text/plain");
  EXPECT_EQ(h.Value("Missing"), std::nullopt);
  EXPECT_EQ(h.Find("missing"), nullptr);
}

TEST(Header, ToleratesBareLfEightBitMissingColonAndObsSpaceBeforeColon) {
  const Header h = Header::Parse(
      " leading continuation\nFrom alice Mon Jan  1 00:00:00 2024\nSubject : caf\xC3\xA9\n"
      "no colon here\nTo: b@example.com\n\tsecond line\n");
  ASSERT_EQ(h.fields().size(), 2u);
  EXPECT_EQ(h.fields()[0].name, "Subject");  // obs-optional: WSP before the colon
  EXPECT_EQ(h.fields()[0].Value(), "caf\xC3\xA9");
  EXPECT_EQ(h.fields()[1].raw_value, " b@example.com\n\tsecond line");
  EXPECT_EQ(h.malformed_lines(), 3u);
}

TEST(Header, StopsAtTheBlankLine) {
  const Header h = Header::Parse("A: 1\r\n\r\nB: 2\r\n");
  EXPECT_EQ(h.fields().size(), 1u);
}

TEST(Header, UnfoldRemovesLineBreaksButKeepsLoneCr) {
  EXPECT_EQ(Unfold("a\r\n b\n\tc"), "a b\tc");
  EXPECT_EQ(Unfold("a\rb"), "a\rb");
}

TEST(Header, FieldCountAndLengthAreBounded) {
  std::string block;
  for (std::size_t i = 0; i < kMaxHeaderFields + 10; ++i) block += "X-N: v\n";
  Header h = Header::Parse(block);
  EXPECT_EQ(h.fields().size(), kMaxHeaderFields);
  EXPECT_TRUE(h.truncated());

  std::string longv = "X-Long: " + std::string(kMaxFieldBytes + 100, 'a') + "\n";
  h = Header::Parse(longv);
  ASSERT_EQ(h.fields().size(), 1u);
  EXPECT_EQ(h.fields()[0].raw_value.size(), kMaxFieldBytes);
  EXPECT_TRUE(h.truncated());
}

}  // namespace
}  // namespace tern::mail
