// COMPRESS (RFC 4978 3, 5, with the RFC's own examples).

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Parse;
using imaptest::ParseAs;

TEST(CompressTest, RfcExamples) {
  EXPECT_EQ(ParseAs<CompressCommand>("c compress deflate"), CompressCommand{"DEFLATE"});
  EXPECT_EQ(ParseAs<CompressCommand>("c COMPRESS DEFLATE"), CompressCommand{"DEFLATE"});
  auto r = Parse("c COMPRESS DEFLATE");
  ASSERT_TRUE(r);
  EXPECT_EQ(CommandName(r->body), "COMPRESS");
}

TEST(CompressTest, OnlyDeflate) {
  EXPECT_EQ(ErrorText("c COMPRESS"), "missing compression algorithm");
  EXPECT_EQ(ErrorText("c COMPRESS GZIP"), "unknown compression algorithm");
  EXPECT_EQ(ErrorText("c COMPRESS DEFLATE2"), "unknown compression algorithm");
  EXPECT_EQ(ErrorText("c COMPRESS \"DEFLATE\""), "unknown compression algorithm");
  EXPECT_EQ(ErrorText("c COMPRESS DEFLATE DEFLATE"), "unexpected data after compression algorithm");
}

}  // namespace
}  // namespace tern::imap::grammar
