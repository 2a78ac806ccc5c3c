#include "auth/sasl/client_response.h"

#include <gtest/gtest.h>

namespace tern::auth::sasl {
namespace {

TEST(ClientResponseTest, Continuations) {
  auto cancel = DecodeContinuation("*");
  ASSERT_TRUE(cancel);
  EXPECT_TRUE(cancel->cancelled);

  auto empty = DecodeContinuation("");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->cancelled);
  EXPECT_EQ(empty->data, "");

  auto data = DecodeContinuation("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
  ASSERT_TRUE(data);
  EXPECT_EQ(data->data, std::string("\0tim\0tanstaaftanstaaf", 21));

  for (const char* bad : {"=", "**", "* ", "AHRpbQ", "AHRp bQ==", "AHRpbQ==\r"}) {
    auto r = DecodeContinuation(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(ClientResponseTest, InitialResponses) {
  EXPECT_EQ(DecodeInitialResponse("=").value(), "");
  EXPECT_EQ(DecodeInitialResponse("dGlt").value(), "tim");
  EXPECT_FALSE(DecodeInitialResponse(""));
  EXPECT_FALSE(DecodeInitialResponse("*"));
  EXPECT_FALSE(DecodeInitialResponse("=="));
  EXPECT_FALSE(DecodeInitialResponse("dGlt="));
}

}  // namespace
}  // namespace tern::auth::sasl
