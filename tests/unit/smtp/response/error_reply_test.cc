#include "smtp/response/error_reply.h"

#include <gtest/gtest.h>

#include <vector>

namespace tern::smtp::response {
namespace {

TEST(ErrorReplyTest, ReplyTextsPassThrough) {
  Reply r = ReplyForError(Error(ErrorCode::kInvalidArgument, "501 5.1.7 Bad sender", "x"));
  EXPECT_EQ(r.ToWire(), "501 5.1.7 Bad sender\r\n");
  EXPECT_EQ(r.ToWire(false), "501 Bad sender\r\n");
  r = ReplyForError(Error(ErrorCode::kInvalidArgument, "500 Line too long"));
  EXPECT_EQ(r.code, 500);
  EXPECT_EQ(r.enhanced, "");
  EXPECT_EQ(r.ToWire(), "500 Line too long\r\n");
}

struct Case {
  ErrorCode code;
  std::string wire;
};

TEST(ErrorReplyTest, ErrorClassesMapToReplies) {
  const std::vector<Case> cases = {
      {ErrorCode::kInvalidArgument, "501 5.5.4 oops\r\n"},
      {ErrorCode::kNotFound, "550 5.1.1 oops\r\n"},
      {ErrorCode::kPermissionDenied, "550 5.7.1 oops\r\n"},
      {ErrorCode::kAuthFailed, "535 5.7.8 oops\r\n"},
      {ErrorCode::kOverQuota, "552 5.2.2 oops\r\n"},
      {ErrorCode::kTooLarge, "552 5.3.4 oops\r\n"},
      {ErrorCode::kUnavailable, "451 4.3.0 oops\r\n"},
      {ErrorCode::kIo, "451 4.3.0 oops\r\n"},
      {ErrorCode::kInternal, "451 4.3.0 oops\r\n"},
      {ErrorCode::kLimit, "451 4.3.0 oops\r\n"},
      {ErrorCode::kCorrupt, "451 4.3.0 oops\r\n"},
      {ErrorCode::kAlreadyExists, "451 4.3.0 oops\r\n"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ReplyForError(Error(c.code, "oops", "secret detail")).ToWire(), c.wire);
  }
  EXPECT_EQ(ReplyForError(Error(ErrorCode::kOverQuota, "")).ToWire(), "552 5.2.2 Mailbox full\r\n");
}

TEST(ErrorReplyTest, DetailNeverLeaks) {
  Reply r = ReplyForError(Error(ErrorCode::kIo, "", "/var/lib/tern/secret: EIO"));
  EXPECT_EQ(r.ToWire().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace tern::smtp::response
