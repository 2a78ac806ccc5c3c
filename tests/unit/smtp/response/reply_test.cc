#include "smtp/response/reply.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtp/response/replies.h"

namespace tern::smtp::response {
namespace {

struct Case {
  Reply reply;
  bool enhanced_codes;
  std::string wire;
};

TEST(ReplyTest, Rendering) {
  const std::vector<Case> cases = {
      {Reply(250, "2.1.0", "Sender OK"), true, "250 2.1.0 Sender OK\r\n"},
      {Reply(250, "2.1.0", "Sender OK"), false, "250 Sender OK\r\n"},
      {Reply(250, "", "OK"), true, "250 OK\r\n"},
      {Reply(250, "2.0.0", std::vector<std::string>{"a", "b", "c"}), true,
       "250-2.0.0 a\r\n250-2.0.0 b\r\n250 2.0.0 c\r\n"},
      {Reply(250, "", std::vector<std::string>{"a", "b"}), true, "250-a\r\n250 b\r\n"},
      {Reply(250, "", std::vector<std::string>{}), true, "250\r\n"},
      {Reply(250, "2.0.0", std::vector<std::string>{}), true, "250 2.0.0\r\n"},
      {Reply(250, "", std::vector<std::string>{"", ""}), true, "250-\r\n250\r\n"},
      // 3xx never carry an enhanced code (RFC 2034 3).
      {Reply(354, "2.0.0", "Go ahead"), true, "354 Go ahead\r\n"},
      // A code that disagrees with the reply's class is dropped rather than sent.
      {Reply(550, "2.0.0", "mismatch"), true, "550 mismatch\r\n"},
      // No text can inject a line.
      {Reply(250, "", std::string("a\r\n250 fake\0\x80", 13)), true, "250 a??250 fake??\r\n"},
      {Reply(250, "", "tab\tok"), true, "250 tab\tok\r\n"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.reply.ToWire(c.enhanced_codes), c.wire);
  }
}

TEST(ReplyTest, LongLinesAreCutTo512) {
  Reply r(550, "5.1.1", std::string(1000, 'x'));
  std::string wire = r.ToWire();
  EXPECT_EQ(wire.size(), kMaxReplyLineLength);
  EXPECT_TRUE(wire.ends_with("xx\r\n"));
  Reply multi(250, "", std::vector<std::string>{std::string(600, 'y'), "z"});
  wire = multi.ToWire();
  EXPECT_EQ(wire.find("\r\n"), kMaxReplyLineLength - 2);
}

TEST(ReplyTest, CannedReplies) {
  EXPECT_EQ(Reply(replies::kSenderOk).ToWire(), "250 2.1.0 Sender OK\r\n");
  EXPECT_EQ(Reply(replies::kRecipientOk).ToWire(), "250 2.1.5 Recipient OK\r\n");
  EXPECT_EQ(Reply(replies::kStartMailInput).ToWire(), "354 End data with <CR><LF>.<CR><LF>\r\n");
  EXPECT_EQ(Reply(replies::kClosing).ToWire(), "221 2.0.0 Bye\r\n");
  EXPECT_EQ(Reply::WithText(replies::kNoSuchUser, "<bob@example.org>: no such user").ToWire(),
            "550 5.1.1 <bob@example.org>: no such user\r\n");
  EXPECT_EQ(Reply(replies::kTimeout).ToWire(false), "421 Timeout, closing connection\r\n");
  // Every canned reply is well formed: class agrees, 3xx has none, codes parse.
  const CannedReply all[] = {replies::kOk,
                             replies::kSenderOk,
                             replies::kRecipientOk,
                             replies::kMessageAccepted,
                             replies::kResetOk,
                             replies::kCannotVerify,
                             replies::kHelp,
                             replies::kClosing,
                             replies::kReadyForTls,
                             replies::kAuthSucceeded,
                             replies::kStartMailInput,
                             replies::kTimeout,
                             replies::kShuttingDown,
                             replies::kTooManyConnections,
                             replies::kLocalError,
                             replies::kTooManyRecipients,
                             replies::kInsufficientStorage,
                             replies::kTlsNotAvailable,
                             replies::kCommandUnrecognized,
                             replies::kLineTooLong,
                             replies::kBadArguments,
                             replies::kNotImplemented,
                             replies::kBadSequence,
                             replies::kParameterNotImplemented,
                             replies::kUnrecognizedAuthMechanism,
                             replies::kAuthRequired,
                             replies::kTlsRequired,
                             replies::kAuthFailed,
                             replies::kNoSuchUser,
                             replies::kRelayDenied,
                             replies::kMailboxFull,
                             replies::kMessageTooBig,
                             replies::kNoValidRecipients,
                             replies::kParametersNotRecognized};
  for (const CannedReply& c : all) {
    if (c.code / 100 == 3) {
      EXPECT_TRUE(c.enhanced.empty()) << c.code;
    } else {
      EXPECT_TRUE(IsEnhancedStatusCode(c.enhanced)) << c.code;
      EXPECT_EQ(c.enhanced[0] - '0', c.code / 100) << c.code;
    }
  }
}

TEST(ReplyTest, ClassPredicates) {
  EXPECT_TRUE(Reply(replies::kOk).IsPositive());
  EXPECT_TRUE(Reply(replies::kStartMailInput).IsPositive());
  EXPECT_TRUE(Reply(replies::kLocalError).IsTransientFailure());
  EXPECT_TRUE(Reply(replies::kNoSuchUser).IsPermanentFailure());
}

TEST(ReplyTest, EnhancedStatusCodeSyntax) {
  EXPECT_TRUE(IsEnhancedStatusCode("2.0.0"));
  EXPECT_TRUE(IsEnhancedStatusCode("5.123.456"));
  EXPECT_FALSE(IsEnhancedStatusCode("3.0.0"));
  EXPECT_FALSE(IsEnhancedStatusCode("5.1234.1"));
  EXPECT_FALSE(IsEnhancedStatusCode("5.1"));
  EXPECT_FALSE(IsEnhancedStatusCode("5..1"));
  EXPECT_FALSE(IsEnhancedStatusCode("5.1.x"));
  EXPECT_FALSE(IsEnhancedStatusCode(""));
}

TEST(ReplyTest, AppendToAddsToExistingOutput) {
  std::string out = "prefix";
  Reply(replies::kOk).AppendTo(out);
  EXPECT_EQ(out, "prefix250 2.0.0 OK\r\n");
}

}  // namespace
}  // namespace tern::smtp::response
