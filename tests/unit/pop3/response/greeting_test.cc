#include "pop3/response/greeting.h"

#include <gtest/gtest.h>

#include <string>

namespace tern::pop3::response {
namespace {

TEST(GreetingTest, Plain) {
  EXPECT_EQ(Greeting("POP3 server ready"), "+OK POP3 server ready\r\n");
  EXPECT_EQ(Greeting(""), "+OK\r\n");
}

TEST(GreetingTest, WithApopTimestamp) {
  // RFC 1939 7's example.
  EXPECT_EQ(Greeting("POP3 server ready", "<1896.697170952@dbc.mtview.ca.us>"),
            "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
  EXPECT_EQ(Greeting("", "<1.2@h>"), "+OK <1.2@h>\r\n");
  EXPECT_EQ(ApopTimestamp("1896.697170952", "dbc.mtview.ca.us"),
            "<1896.697170952@dbc.mtview.ca.us>");
}

TEST(GreetingTest, BannerCannotForgeATimestampOrCode) {
  EXPECT_EQ(Greeting("ready <fake@x>", "<1.2@h>"), "+OK ready (fake@x) <1.2@h>\r\n");
  EXPECT_EQ(Greeting("[IN-USE] hi"), "+OK (IN-USE] hi\r\n");
  EXPECT_EQ(Greeting("a\r\n-ERR"),
            "+OK a?"
            "?-ERR\r\n");
  // An invalid timestamp is left out rather than sent broken.
  EXPECT_EQ(Greeting("ready", "no-brackets"), "+OK ready\r\n");
  EXPECT_EQ(Greeting("ready", "<a b@c>"), "+OK ready\r\n");
}

TEST(GreetingTest, FitsFiveHundredTwelveOctets) {
  const std::string ts = "<" + std::string(100, '1') + "@" + std::string(90, 'h') + ">";
  ASSERT_TRUE(IsApopTimestamp(ts));
  const std::string g = Greeting(std::string(1000, 'b'), ts);
  EXPECT_EQ(g.size(), 512u);
  EXPECT_TRUE(g.ends_with(" " + ts + "\r\n"));
}

TEST(GreetingTest, TimestampChecker) {
  EXPECT_TRUE(IsApopTimestamp("<1896.697170952@dbc.mtview.ca.us>"));
  EXPECT_TRUE(IsApopTimestamp("<a@b>"));
  for (std::string bad : {"", "<>", "<@>", "<a@>", "<@b>", "a@b", "<a@b", "a@b>", "<a@b@c>",
                          "<a b@c>", "<a<b@c>", "<a\r@c>", "<ab>"}) {
    EXPECT_FALSE(IsApopTimestamp(bad)) << bad;
  }
  EXPECT_FALSE(IsApopTimestamp("<" + std::string(200, 'a') + "@b>"));
}

TEST(GreetingTest, TimestampBuilderAlwaysValid) {
  for (auto [unique, host] : {std::pair<std::string, std::string>{"", ""},
                              {"1 2<3>@4", "h o<s>t@x"},
                              {std::string(500, '9'), std::string(500, 'h')},
                              {"\xff\r\n", "\x01"}}) {
    const std::string ts = ApopTimestamp(unique, host);
    EXPECT_TRUE(IsApopTimestamp(ts)) << ts;
  }
  EXPECT_EQ(ApopTimestamp("", ""), "<0@localhost>");
  EXPECT_EQ(ApopTimestamp("1 2", "a b"), "<1.2@a-b>");
}

}  // namespace
}  // namespace tern::pop3::response
