#include "mail/content_type.h"

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

TEST(ContentType, ParsesTypeSubtypeAndParameters) {
  // RFC 2045 section 5.1 example with a comment.
  const ContentType ct = ParseContentType("text/plain; charset=us-ascii (Plain text)");
  EXPECT_TRUE(ct.valid);
  EXPECT_EQ(ct.type, "text");
  EXPECT_EQ(ct.subtype, "plain");
  ASSERT_EQ(ct.params.size(), 1u);
  EXPECT_EQ(ct.params[0].value, "us-ascii");
}

TEST(ContentType, ToleratesRealWorldSyntax) {
  ContentType ct = ParseContentType(
      " (c) MULTIPART / Mixed ;\r\n\tBOUNDARY=\"=_a\\\"b\" ; name=my file.pdf;;charset=\"utf-8");
  EXPECT_EQ(ct.type, "multipart");
  EXPECT_EQ(ct.subtype, "mixed");
  ASSERT_EQ(ct.params.size(), 3u);
  EXPECT_EQ(ct.params[0].name, "boundary");
  EXPECT_EQ(ct.params[0].value, "=_a\"b");
  EXPECT_EQ(ct.params[1].value, "my file.pdf");  // missing quotes
  EXPECT_EQ(ct.params[2].value, "utf-8");        // missing closing quote
  ct = ParseContentType("text");
  EXPECT_FALSE(ct.valid);
  ct = ParseContentType("");
  EXPECT_FALSE(ct.valid);
  ct = ParseContentType("text/ ; charset=x");
  EXPECT_FALSE(ct.valid);
  ct = ParseContentType("text/html charset=utf-8");  // missing ';'
  EXPECT_TRUE(ct.valid);
}

TEST(ContentType, ParameterCountIsBounded) {
  std::string v = "text/plain";
  for (std::size_t i = 0; i < kMaxParameters + 50; ++i) v += "; p" + std::to_string(i) + "=v";
  EXPECT_EQ(ParseContentType(v).params.size(), kMaxParameters);
}

TEST(ContentDisposition, ParsesRfc2183) {
  ContentDisposition cd = ParseContentDisposition(
      "Attachment; filename=genome.jpeg;\r\n modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"");
  EXPECT_EQ(cd.type, "attachment");
  ASSERT_EQ(cd.params.size(), 2u);
  EXPECT_EQ(cd.params[1].value, "Wed, 12 Feb 1997 16:29:51 -0500");
  cd = ParseContentDisposition("inline");
  EXPECT_EQ(cd.type, "inline");
  EXPECT_TRUE(cd.params.empty());
  cd = ParseContentDisposition("filename=x.txt");
  EXPECT_EQ(cd.type, "");
  ASSERT_EQ(cd.params.size(), 1u);
}

TEST(ContentLanguage, ParsesListWithComments) {
  EXPECT_EQ(ParseLanguageList("de, en (fallback) ,  fr-CA"),
            (std::vector<std::string>{"de", "en", "fr-CA"}));
  EXPECT_TRUE(ParseLanguageList(" ").empty());
}

TEST(StripComments, RemovesCommentsKeepsQuotes) {
  EXPECT_EQ(StripComments(" base64 (binary data)"), "base64");
  EXPECT_EQ(StripComments("<id@x> (c (nested))"), "<id@x>");
  EXPECT_EQ(StripComments("\"(not a comment)\""), "\"(not a comment)\"");
}

}  // namespace
}  // namespace tern::mail
