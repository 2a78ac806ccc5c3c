#include "smtp/grammar/bdat_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace tern::smtp::grammar {
namespace {

TEST(BdatReaderTest, TakesExactlyTheChunk) {
  // RFC 3030 4.2 style: "BDAT 10" then 10 octets, then the next command.
  BdatReader r(10);
  std::string_view in = "0123\r\n.\r\n\nRSET\r\n";
  auto chunk = r.Take(in);
  EXPECT_EQ(chunk, "0123\r\n.\r\n\n");  // raw: no unstuffing, no terminator
  EXPECT_TRUE(r.IsComplete());
  EXPECT_EQ(in, "RSET\r\n");
}

TEST(BdatReaderTest, AcrossPieces) {
  BdatReader r(5);
  std::string got;
  for (std::string_view piece : {"ab", "", "c", "defg"}) {
    std::string_view in = piece;
    got += r.Take(in);
    if (piece == "defg") {
      EXPECT_EQ(in, "fg");
    }
  }
  EXPECT_EQ(got, "abcde");
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(BdatReaderTest, ZeroSizedChunk) {
  BdatReader r(0);
  std::string_view in = "QUIT\r\n";
  EXPECT_TRUE(r.Take(in).empty());
  EXPECT_EQ(in, "QUIT\r\n");
  EXPECT_TRUE(r.IsComplete());
}

TEST(BdatReaderTest, HugeChunkSize) {
  BdatReader r(UINT64_MAX);
  std::string_view in = "abc";
  EXPECT_EQ(r.Take(in), "abc");
  EXPECT_EQ(r.remaining(), UINT64_MAX - 3);
}

}  // namespace
}  // namespace tern::smtp::grammar
