#include "pop3/response/status.h"

#include <gtest/gtest.h>

#include <string>

#include "pop3/response/codes.h"
#include "pop3/response/text.h"

namespace tern::pop3::response {
namespace {

TEST(StatusTest, OkAndErr) {
  EXPECT_EQ(Ok(), "+OK\r\n");
  EXPECT_EQ(Ok(""), "+OK\r\n");
  EXPECT_EQ(Ok("maildrop has 2 messages (320 octets)"),
            "+OK maildrop has 2 messages (320 octets)\r\n");
  EXPECT_EQ(Err("no such message"), "-ERR no such message\r\n");
  EXPECT_EQ(Err(""), "-ERR\r\n");
  EXPECT_EQ(Err(ResponseCode::kAuth, "authentication failed"),
            "-ERR [AUTH] authentication failed\r\n");
  EXPECT_EQ(Err(ResponseCode::kInUse, ""), "-ERR [IN-USE]\r\n");
  EXPECT_EQ(Err(std::optional<ResponseCode>(), "x"), "-ERR x\r\n");
  EXPECT_EQ(Err(std::optional<ResponseCode>(ResponseCode::kSysTemp), "x"), "-ERR [SYS/TEMP] x\r\n");
  EXPECT_EQ(Ok(ResponseCode::kUtf8, "hi"), "+OK [UTF8] hi\r\n");
}

TEST(StatusTest, Codes) {
  const std::pair<ResponseCode, std::string_view> cases[] = {
      {ResponseCode::kInUse, "IN-USE"},     {ResponseCode::kLoginDelay, "LOGIN-DELAY"},
      {ResponseCode::kSysTemp, "SYS/TEMP"}, {ResponseCode::kSysPerm, "SYS/PERM"},
      {ResponseCode::kAuth, "AUTH"},        {ResponseCode::kUtf8, "UTF8"},
  };
  for (const auto& [code, text] : cases) {
    EXPECT_EQ(ResponseCodeText(code), text);
    EXPECT_EQ(Err(code, "t"), "-ERR [" + std::string(text) + "] t\r\n");
  }
}

TEST(StatusTest, TextIsSanitised) {
  EXPECT_EQ(Err("a\r\n+OK injected"), "-ERR a??+OK injected\r\n");
  EXPECT_EQ(Err(std::string("n\0l\t\x7f\xc3\xa9", 7)), "-ERR n?l????\r\n");
  // A text that is not a response code must not look like one at its start.
  EXPECT_EQ(Err("[IN-USE] fake"), "-ERR (IN-USE] fake\r\n");
  EXPECT_EQ(Err("syntax error: LIST [msg]"), "-ERR syntax error: LIST [msg]\r\n");
  EXPECT_EQ(Err(ResponseCode::kAuth, "[x]"), "-ERR [AUTH] [x]\r\n");
}

TEST(StatusTest, LineFitsFiveHundredTwelveOctets) {
  const std::string huge(2000, 'x');
  for (const std::string& line : {Ok(huge), Err(huge), Err(ResponseCode::kLoginDelay, huge)}) {
    EXPECT_EQ(line.size(), kMaxResponseLineLength);
    EXPECT_TRUE(line.ends_with("x\r\n"));
    EXPECT_EQ(line.find('\r'), line.size() - 2);
  }
  const std::string fits(512 - 6 - 2, 'y');  // "+OK " ... CRLF
  EXPECT_EQ(Ok(fits), "+OK " + fits + "\r\n");
}

TEST(StatusTest, SaslChallenge) {
  EXPECT_EQ(SaslChallenge(""), "+ \r\n");
  EXPECT_EQ(SaslChallenge("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+"),
            "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+\r\n");
  EXPECT_EQ(SaslChallenge("a\r\nb"), "+ a??b\r\n");
  const std::string big(20000, 'A');
  EXPECT_EQ(SaslChallenge(big), "+ " + big + "\r\n");  // challenges are not cut
}

}  // namespace
}  // namespace tern::pop3::response
