#include "smtp/grammar/reply_error.h"

#include <gtest/gtest.h>

namespace tern::smtp::grammar {
namespace {

TEST(ReplyErrorTest, RoundTripsThroughError) {
  ReplyError e{553, "5.6.7", "Non-ASCII addresses not permitted"};
  Error err = e.ToError("detail for the log");
  EXPECT_EQ(err.public_text, "553 5.6.7 Non-ASCII addresses not permitted");
  EXPECT_EQ(err.detail, "detail for the log");
  EXPECT_EQ(err.code, ErrorCode::kInvalidArgument);
  auto back = ReplyError::FromError(err);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code, 553);
  EXPECT_EQ(back->enhanced, "5.6.7");
  EXPECT_EQ(back->text, "Non-ASCII addresses not permitted");
}

TEST(ReplyErrorTest, FromErrorRejectsOtherTexts) {
  EXPECT_FALSE(ReplyError::FromError(Error(ErrorCode::kNotFound, "no such mailbox")));
  EXPECT_FALSE(ReplyError::FromError(Error(ErrorCode::kNotFound, "")));
  EXPECT_FALSE(ReplyError::FromError(Error(ErrorCode::kNotFound, "999 x")));
  auto plain = ReplyError::FromError(Error(ErrorCode::kNotFound, "550 no enhanced"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->enhanced, "");
  EXPECT_EQ(plain->text, "no enhanced");
}

TEST(ReplyErrorTest, TooLargeClass) {
  EXPECT_EQ(syntax_replies::LineTooLong().ToError("", true).code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace tern::smtp::grammar
