#include "mail/mime_parser.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::mail {
namespace {

// Parses whole, byte by byte and in random chunks, checks all agree (STYLE habit 12).
MessageStructure ParseAllWays(std::string_view data) {
  const MessageStructure whole = ParseMessage(data);
  EXPECT_EQ(testing::ParseByteByByte(data), whole);
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    EXPECT_EQ(testing::ParseInRandomChunks(data, seed, 5), whole);
  }
  return whole;
}

TEST(MimeParser, SinglePartOffsets) {
  // "Subject: hi\r\n" = 13, blank line 2: header 0+15, body 15+10 with 2 LFs.
  const MessageStructure s = ParseAllWays("Subject: hi\r\n\r\nline1\r\nx\r\n");
  EXPECT_EQ(s.size, 25u);
  EXPECT_EQ(s.root.header_offset, 0u);
  EXPECT_EQ(s.root.header_size, 15u);
  EXPECT_EQ(s.root.body_offset, 15u);
  EXPECT_EQ(s.root.body_size, 10u);
  EXPECT_EQ(s.root.body_lines, 2u);
  EXPECT_EQ(s.root.type, "text");
  EXPECT_EQ(s.root.subtype, "plain");
  EXPECT_FALSE(s.root.has_content_type);
  ASSERT_EQ(s.root.params.size(), 1u);
  EXPECT_EQ(s.root.params[0].value, "us-ascii");  // RFC 2045 section 5.2 default
  EXPECT_EQ(s.envelope.subject, "hi");
}

TEST(MimeParser, MultipartCrlfBeforeBoundaryBelongsToBoundary) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=b\r\n"  // 0..43
      "\r\n"                                           // 43..45
      "pre\r\n"                                        // 45..50 preamble
      "--b\r\n"                                        // 50..55
      "Content-Type: text/plain\r\n"                   // 55..81
      "\r\n"                                           // 81..83
      "one\r\n"                                        // 83..88 body "one" (83+3)
      "--b\r\n"                                        // 88..93
      "\r\n"                                           // 93..95 part 2: empty header
      "two\r\ntwo\r\n"                                 // 95..105 body "two\r\ntwo" (95+8)
      "--b--\r\n"                                      // 105..112
      "epilogue\r\n";                                  // 112..122
  const MessageStructure s = ParseAllWays(m);
  ASSERT_EQ(s.root.children.size(), 2u);
  EXPECT_EQ(s.root.body_offset, 45u);
  EXPECT_EQ(s.root.body_size, 77u);
  const MessagePart& a = s.root.children[0];
  EXPECT_EQ(a.header_offset, 55u);
  EXPECT_EQ(a.header_size, 28u);
  EXPECT_EQ(a.body_offset, 83u);
  EXPECT_EQ(a.body_size, 3u);
  EXPECT_EQ(a.body_lines, 0u);  // LFs in "one"
  const MessagePart& b = s.root.children[1];
  EXPECT_EQ(b.header_offset, 93u);
  EXPECT_EQ(b.header_size, 2u);
  EXPECT_EQ(b.body_offset, 95u);
  EXPECT_EQ(b.body_size, 8u);
  EXPECT_EQ(b.body_lines, 1u);
  EXPECT_FALSE(b.has_content_type);
}

TEST(MimeParser, BareLfOffsetsAreExactAgainstTheFedBytes) {
  const std::string m = "Content-Type: multipart/alternative; boundary=\"x\"\n\n--x\n\nab\n--x--\n";
  // header 0+51 (50 + blank line 1), delimiter 51..55, part header 55+1, body 56+2.
  const MessageStructure s = ParseAllWays(m);
  ASSERT_EQ(s.root.children.size(), 1u);
  EXPECT_EQ(s.root.header_size, 51u);
  EXPECT_EQ(s.root.children[0].header_offset, 55u);
  EXPECT_EQ(s.root.children[0].header_size, 1u);
  EXPECT_EQ(s.root.children[0].body_offset, 56u);
  EXPECT_EQ(s.root.children[0].body_size, 2u);
}

TEST(MimeParser, EmptyAndHeaderlessInputs) {
  MessageStructure s = ParseAllWays("");
  EXPECT_EQ(s.size, 0u);
  EXPECT_EQ(s.root.header_size, 0u);
  EXPECT_EQ(s.root.body_size, 0u);

  s = ParseAllWays("\r\nbody only\r\n");  // no header fields at all
  EXPECT_EQ(s.root.header_size, 2u);
  EXPECT_EQ(s.root.body_size, 11u);

  s = ParseAllWays("Subject: no blank line\r\nTo: x@y");  // header only, no final EOL
  EXPECT_EQ(s.root.header_size, 31u);
  EXPECT_EQ(s.root.body_offset, 31u);
  EXPECT_EQ(s.root.body_size, 0u);
  ASSERT_TRUE(s.envelope.to.size() == 1);
}

TEST(MimeParser, MissingFinalBoundaryAndBoundaryNeverFound) {
  MessageStructure s = ParseAllWays("Content-Type: multipart/mixed; boundary=q\n\n--q\n\nabc\n");
  ASSERT_EQ(s.root.children.size(), 1u);
  EXPECT_EQ(s.root.children[0].body_size, 4u);  // runs to the end, "abc\n"
  EXPECT_EQ(s.root.children[0].body_lines, 1u);

  s = ParseAllWays("Content-Type: multipart/mixed; boundary=q\n\n--z\n\nabc\n");
  EXPECT_TRUE(s.root.children.empty());
  EXPECT_EQ(s.root.body_size, 9u);
}

TEST(MimeParser, NestedSimilarBoundariesUseTheLongestMatch) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=a\n\n"
      "--a\nContent-Type: multipart/alternative; boundary=a-1\n\n"
      "--a-1\n\nx\n--a-1\n\ny\n--a-1--\n"
      "--a\n\nz\n--a--\n";
  const MessageStructure s = ParseAllWays(m);
  ASSERT_EQ(s.root.children.size(), 2u);
  ASSERT_EQ(s.root.children[0].children.size(), 2u);
  EXPECT_EQ(s.root.children[1].body_size, 1u);
}

TEST(MimeParser, OuterBoundaryClosesUnterminatedInnerParts) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=o\n\n"
      "--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\n\ninner\n"
      "--o\n\nnext\n--o--\n";
  const MessageStructure s = ParseAllWays(m);
  ASSERT_EQ(s.root.children.size(), 2u);
  const MessagePart& inner = s.root.children[0].children.at(0);
  EXPECT_EQ(std::string_view(m).substr(inner.body_offset, inner.body_size), "inner");
  EXPECT_EQ(std::string_view(m).substr(s.root.children[1].body_offset, s.root.children[1].body_size), "next");
}

TEST(MimeParser, MessageRfc822CarriesEnvelopeAndSubtree) {
  const std::string m =
      "Content-Type: message/rfc822\r\n\r\n"
      "Subject: inner\r\nFrom: a@b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n";
  const MessageStructure s = ParseAllWays(m);
  ASSERT_TRUE(s.root.IsMessage());
  ASSERT_TRUE(s.root.envelope.has_value());
  EXPECT_EQ(s.root.envelope->subject, "inner");
  const MessagePart& inner = s.root.children[0];
  EXPECT_EQ(inner.header_offset, 32u);
  EXPECT_EQ(inner.subtype, "html");
  EXPECT_EQ(inner.body_offset + inner.body_size, m.size());
  EXPECT_EQ(s.root.body_lines, 5u);
}

TEST(MimeParser, EncodedMessageRfc822IsALeaf) {
  const MessageStructure s = ParseAllWays(
      "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA==\n");
  EXPECT_TRUE(s.root.children.empty());
  EXPECT_FALSE(s.root.envelope.has_value());
}

TEST(MimeParser, DigestChildrenDefaultToMessageRfc822) {
  const MessageStructure s = ParseAllWays(
      "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: s\n\nbody\n--d--\n");
  ASSERT_EQ(s.root.children.size(), 1u);
  const MessagePart& c = s.root.children[0];
  EXPECT_EQ(c.type, "message");
  EXPECT_EQ(c.subtype, "rfc822");
  ASSERT_TRUE(c.envelope.has_value());
  EXPECT_EQ(c.envelope->subject, "s");
}

TEST(MimeParser, AbsurdNestingIsCappedAndOpaque) {
  std::string m;
  for (std::size_t i = 0; i < kMaxMimeDepth + 50; ++i) {
    // "x" at the end: no boundary is a prefix of another (a line need only begin with
    // a boundary, so "b1" would match "--b10").
    m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "x\n\n--b" +
         std::to_string(i) + "x\n";
  }
  m += "\nleaf\n";
  const MessageStructure s = ParseAllWays(m);
  EXPECT_TRUE(s.limits_hit);
  std::size_t depth = 0;
  const MessagePart* p = &s.root;
  while (!p->children.empty()) {
    p = &p->children[0];
    ++depth;
  }
  EXPECT_EQ(depth, kMaxMimeDepth - 1);
  EXPECT_TRUE(p->opaque);
  EXPECT_EQ(p->body_offset + p->body_size, m.size());
}

TEST(MimeParser, NestedMessageRfc822ChainIsCapped) {
  std::string m;
  for (std::size_t i = 0; i < kMaxMimeDepth + 10; ++i) m += "Content-Type: message/rfc822\n\n";
  const MessageStructure s = ParseMessage(m);
  EXPECT_TRUE(s.limits_hit);
  EXPECT_EQ(testing::ParseInRandomChunks(m, 7), s);
}

TEST(MimeParser, HugePartCountIsCapped) {
  std::string m = "Content-Type: multipart/mixed; boundary=p\n\n";
  for (std::size_t i = 0; i < kMaxMimeParts + 100; ++i) m += "--p\n\nx\n";
  m += "--p--\n";
  const MessageStructure s = ParseMessage(m);
  EXPECT_TRUE(s.limits_hit);
  EXPECT_TRUE(s.root.opaque);
  EXPECT_EQ(s.root.children.size(), kMaxMimeParts - 1);
  EXPECT_EQ(s.root.body_offset + s.root.body_size, m.size());
}

TEST(MimeParser, LargeBodyIsStreamedWithExactCounts) {
  // 32 MiB of body fed in 64 KiB pieces: nothing of it is kept, offsets stay exact.
  MimeParser p;
  const std::string head =
      "Content-Type: multipart/mixed; boundary=big\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\n";
  p.Feed(head);
  std::string block;
  for (int i = 0; i < 1024; ++i) block += "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\r\n";
  const std::size_t rounds = 512;
  for (std::size_t i = 0; i < rounds; ++i) p.Feed(block);
  p.Feed("--big--\r\n");
  const MessageStructure s = p.Finish();
  ASSERT_EQ(s.root.children.size(), 1u);
  EXPECT_EQ(s.root.children[0].body_size, rounds * block.size() - 2);
  EXPECT_EQ(s.root.children[0].body_lines, rounds * 1024 - 1);
}

TEST(MimeParser, OverlongHeaderIsBounded) {
  std::string m = "X-Big: " + std::string(kMaxPartHeaderBytes + 10, 'a') + "\nSubject: s\n\nbody";
  const MessageStructure s = ParseMessage(m);
  EXPECT_TRUE(s.limits_hit);
  EXPECT_EQ(s.root.body_size, 4u);
}

TEST(MimeParser, FinishTwiceAndFeedAfterFinish) {
  MimeParser p;
  p.Feed("Subject: a\n\nb");
  const MessageStructure first = p.Finish();
  p.Feed("more");
  EXPECT_EQ(first.size, 13u);
  EXPECT_EQ(p.Finish().size, 0u);
}

}  // namespace
}  // namespace tern::mail
