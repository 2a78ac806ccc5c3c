#include "app/account_format.h"

#include <gtest/gtest.h>

#include "store/types.h"

namespace tern::app {
namespace {

TEST(AccountFormatTest, Services) {
  EXPECT_EQ(*ParseServices("all"), store::kAllServices);
  EXPECT_EQ(*ParseServices("none"), 0u);
  EXPECT_EQ(*ParseServices("imap,pop"), store::kServiceImap | store::kServicePop);
  EXPECT_FALSE(ParseServices("imap,ftp"));
  EXPECT_FALSE(ParseServices("imap,"));
  EXPECT_EQ(FormatServices(store::kServicePop | store::kServiceHttp), "pop,http");
  EXPECT_EQ(FormatServices(store::kAllServices), "all");
  EXPECT_EQ(FormatServices(0), "none");
}

TEST(AccountFormatTest, Sizes) {
  EXPECT_EQ(*ParseSize("0"), 0);
  EXPECT_EQ(*ParseSize("1000"), 1000);
  EXPECT_EQ(*ParseSize("4K"), 4096);
  EXPECT_EQ(*ParseSize("50M"), 50 << 20);
  EXPECT_EQ(*ParseSize("2g"), int64_t{2} << 30);
  EXPECT_FALSE(ParseSize(""));
  EXPECT_FALSE(ParseSize("-1"));
  EXPECT_FALSE(ParseSize("5T"));
  EXPECT_FALSE(ParseSize("99999999999G"));
  EXPECT_EQ(FormatSize(0), "unlimited");
  EXPECT_EQ(FormatSize(10 << 20), "10M");
  EXPECT_EQ(FormatSize(1500), "1500");
}

}  // namespace
}  // namespace tern::app
