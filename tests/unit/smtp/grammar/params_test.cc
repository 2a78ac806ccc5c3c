#include "smtp/grammar/params.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtp/grammar/reply_error.h"

namespace tern::smtp::grammar {
namespace {

TEST(ParamsTest, SplitKeepsOrderAndUppercasesKeywords) {
  auto r = SplitParams("size=10 X-A Foo-1=a=b", false);
  ASSERT_FALSE(r);  // '=' is not allowed inside an esmtp-value
  r = SplitParams("size=10 X-A Foo-1=!~", false);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], (EsmtpParam{"SIZE", "10"}));
  EXPECT_EQ((*r)[1], (EsmtpParam{"X-A", std::nullopt}));
  EXPECT_EQ((*r)[2], (EsmtpParam{"FOO-1", "!~"}));
  EXPECT_TRUE(SplitParams("", false)->empty());
}

TEST(ParamsTest, SplitRejects) {
  const std::vector<std::string> bad = {
      " SIZE=1", "SIZE=1 ", "SIZE=1  BODY=7BIT",    "=1",     "-X=1",
      "X_Y=1",   "SIZE=",   std::string("X=\0", 3), "X=\x7f", "X=\xc3\xa9",
      "A=1 a=2",
  };
  for (const auto& s : bad) {
    auto r = SplitParams(s, false);
    ASSERT_FALSE(r) << s;
    EXPECT_EQ(ReplyError::FromError(r.error())->code, 501) << s;
  }
  EXPECT_TRUE(SplitParams("X=\xc3\xa9", true));
}

TEST(ParamsTest, MailParams) {
  auto r = ParseMailParams("SIZE=0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size, 0u);
  r = ParseMailParams("SIZE=18446744073709551615");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size, UINT64_MAX);
  r = ParseMailParams("SIZE=99999999999999999999");  // 20 digits, clamped
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size, UINT64_MAX);
  const std::vector<std::string> bad = {
      "SIZE",
      "SIZE=-1",
      "SIZE=1x",
      "SIZE=123456789012345678901",
      "BODY",
      "BODY=8BIT",
      "RET",
      "RET=ALL",
      "ENVID",
      "ENVID=a+2",
      "ENVID=a+2g",
      "ENVID=" + std::string(101, 'e'),
      "AUTH",
      "AUTH=+ZZ",
      "SMTPUTF8=1",
      "SIZE=1 size=2",
      "BODY=\xc3\xa9 SMTPUTF8",
  };
  for (const auto& s : bad) {
    auto e = ParseMailParams(s);
    ASSERT_FALSE(e) << s;
    EXPECT_EQ(ReplyError::FromError(e.error())->ToReplyLine().substr(0, 9), "501 5.5.4") << s;
  }
  r = ParseMailParams("ENVID=" + std::string(100, 'e'));
  ASSERT_TRUE(r);
  r = ParseMailParams("SMTPUTF8 X-NAME=\xc3\xa9");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->smtputf8);
  EXPECT_FALSE(ParseMailParams("X-NAME=\xc3\xa9"));
}

TEST(ParamsTest, RcptParams) {
  auto r = ParseRcptParams("NOTIFY=DELAY,FAILURE,DELAY", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->notify, (DsnNotify{false, false, true, true}));
  const std::vector<std::string> bad = {
      "NOTIFY",
      "NOTIFY=",
      "NOTIFY=,SUCCESS",
      "NOTIFY=SUCCESS,",
      "NOTIFY=NEVER,DELAY",
      "ORCPT",
      "ORCPT=;a",
      "ORCPT=rfc822;",
      "ORCPT=rfc822",
      "ORCPT=rf(c;a",
      "ORCPT=rfc822;a+4",
      "ORCPT=rfc822;" + std::string(500, 'a'),
  };
  for (const auto& s : bad) {
    EXPECT_FALSE(ParseRcptParams(s, false)) << s;
  }
  r = ParseRcptParams("ORCPT=utf-8;\xc3\xa9@example.org", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->orcpt->addr_type, "utf-8");
}

TEST(ParamsTest, XtextRoundTrip) {
  EXPECT_EQ(DecodeXtext("a+2Bb+3Dc", false), "a+b=c");
  EXPECT_EQ(EncodeXtext("a+b=c d\x01"), "a+2Bb+3Dc+20d+01");
  EXPECT_FALSE(DecodeXtext("+2b", false));  // hexchar digits must be upper case
  EXPECT_FALSE(DecodeXtext("+2", false));
  EXPECT_FALSE(DecodeXtext("a=b", false));
  EXPECT_FALSE(DecodeXtext("a b", false));
  for (int c = 0; c < 256; ++c) {
    std::string s = "x" + std::string(1, static_cast<char>(c)) + "y";
    EXPECT_EQ(DecodeXtext(EncodeXtext(s), false), s) << c;
  }
}

}  // namespace
}  // namespace tern::smtp::grammar
