#include "pop3/response/listing.h"

#include <gtest/gtest.h>

#include <string>

namespace tern::pop3::response {
namespace {

TEST(ListingTest, Lines) {
  // RFC 1939 5's examples.
  EXPECT_EQ(DropListing(2, 320), "+OK 2 320\r\n");
  EXPECT_EQ(DropListing(0, 0), "+OK 0 0\r\n");
  EXPECT_EQ(ScanListing(1, 120), "1 120\r\n");
  EXPECT_EQ(ScanListingOk(2, 200), "+OK 2 200\r\n");
  EXPECT_EQ(UniqueIdListing(1, "whqtswO00WBw418f9t5JxYwZ"), "1 whqtswO00WBw418f9t5JxYwZ\r\n");
  EXPECT_EQ(UniqueIdListingOk(2, "QhdPYR:00WBw1Ph7x7"), "+OK 2 QhdPYR:00WBw1Ph7x7\r\n");
  EXPECT_EQ(DropListing(4294967296ULL, 1ULL << 40), "+OK 4294967296 1099511627776\r\n");
  EXPECT_EQ(ScanListing(2147483647, 0), "2147483647 0\r\n");
}

TEST(ListingTest, UniqueIdChecker) {
  EXPECT_TRUE(IsValidUniqueId("a"));
  EXPECT_TRUE(IsValidUniqueId("!~"));
  EXPECT_TRUE(IsValidUniqueId(std::string(70, 'z')));
  EXPECT_FALSE(IsValidUniqueId(""));
  EXPECT_FALSE(IsValidUniqueId(std::string(71, 'z')));
  EXPECT_FALSE(IsValidUniqueId("a b"));
  EXPECT_FALSE(IsValidUniqueId("a\r\n"));
  EXPECT_FALSE(IsValidUniqueId("\x7f"));
  EXPECT_FALSE(IsValidUniqueId("\xc3\xa9"));
  EXPECT_FALSE(IsValidUniqueId(std::string("a\0", 2)));
}

TEST(ListingTest, BadUniqueIdsCannotBreakTheLine) {
  EXPECT_EQ(UniqueIdListing(1, ""), "1 ?\r\n");
  EXPECT_EQ(UniqueIdListing(1, "a b\r\n.\r\n"), "1 a?b??.??\r\n");
  EXPECT_EQ(UniqueIdListingOk(3, std::string(100, 'q')), "+OK 3 " + std::string(70, 'q') + "\r\n");
}

}  // namespace
}  // namespace tern::pop3::response
