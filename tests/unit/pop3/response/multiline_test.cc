#include "pop3/response/multiline.h"

#include <gtest/gtest.h>

namespace tern::pop3::response {
namespace {

TEST(MultilineTest, OkMultiline) {
  EXPECT_EQ(OkMultiline("2 messages (320 octets)", "1 120\r\n2 200\r\n"),
            "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n");
  EXPECT_EQ(OkMultiline("", ""), "+OK\r\n.\r\n");
  EXPECT_EQ(OkMultiline("x", ".hidden\r\nPLAIN"), "+OK x\r\n..hidden\r\nPLAIN\r\n.\r\n");
}

}  // namespace
}  // namespace tern::pop3::response
