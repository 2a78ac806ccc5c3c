#include "mail/rfc2231.h"

#include <gtest/gtest.h>

#include "mail/content_type.h"

namespace tern::mail {
namespace {

std::vector<Parameter> Params(std::string_view text) {
  return DecodeParameters(ParseParameterList(text));
}

// RFC 2231 section 3: continuations.
TEST(Rfc2231, JoinsContinuations) {
  const auto p = Params(
      "; URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].name, "url");
  EXPECT_EQ(p[0].value, "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
  EXPECT_FALSE(p[0].extended);
}

// RFC 2231 section 4: charset and language.
TEST(Rfc2231, DecodesCharsetAndLanguage) {
  const auto p = Params("; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].value, "This is ***fun***");
  EXPECT_EQ(p[0].raw_value, "us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
  EXPECT_EQ(p[0].charset, "us-ascii");
  EXPECT_EQ(p[0].language, "en-us");
  EXPECT_TRUE(p[0].extended);
}

// RFC 2231 section 4.1: both, mixed encoded and plain segments.
TEST(Rfc2231, MixesEncodedAndPlainSegments) {
  const auto p = Params(
      "; title*0*=us-ascii'en'This%20is%20even%20more%20;"
      " title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].value, "This is even more ***fun*** isn't it!");
  EXPECT_EQ(p[0].language, "en");
}

TEST(Rfc2231, Utf8OutOfOrderAndDuplicates) {
  const auto p = Params(
      "; filename*1*=%A9.pdf; filename*0*=utf-8''r%C3%A9sum%C3; filename=\"resume.pdf\";"
      " name=a; name=b");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].name, "filename");
  EXPECT_EQ(p[0].value, "r\xC3\xA9sum\xC3\xA9.pdf");  // the RFC 2231 form wins
  EXPECT_EQ(p[1].value, "a");                          // duplicates: first wins
}

TEST(Rfc2231, Rfc2047InsideQuotedValueIsDecodedButRawKept) {
  const auto p = Params("; filename=\"=?UTF-8?B?w6kucGRm?=\"");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].value, "\xC3\xA9.pdf");
  EXPECT_EQ(p[0].raw_value, "=?UTF-8?B?w6kucGRm?=");
}

TEST(Rfc2231, HostileNamesDoNotExplode) {
  const auto p = Params("; a*99999999999=x; b*1x=y; *=z; c*0*=bad'charset");
  // a*<huge> and b*1x are plain names; "*=z" has no name; c has a bad charset form.
  EXPECT_EQ(FindParameter(p, "a*99999999999")->value, "x");
  EXPECT_EQ(FindParameter(p, "b*1x")->value, "y");
  EXPECT_EQ(FindParameter(p, "c")->value, "bad'charset");
}

}  // namespace
}  // namespace tern::mail
