#include "smtp/response/error_reply.h"

#include "smtp/response/replies.h"

namespace tern::smtp::response {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

CannedReply ForCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return replies::kBadArguments;
    case ErrorCode::kNotFound:
      return replies::kNoSuchUser;
    case ErrorCode::kPermissionDenied:
      return {550, "5.7.1", "Not allowed"};
    case ErrorCode::kAuthFailed:
      return replies::kAuthFailed;
    case ErrorCode::kOverQuota:
      return replies::kMailboxFull;
    case ErrorCode::kTooLarge:
      return replies::kMessageTooBig;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kLimit:
    case ErrorCode::kUnavailable:
    case ErrorCode::kCorrupt:
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      break;
  }
  return replies::kLocalError;
}

}  // namespace

Reply ReplyForError(const Error& error) {
  std::string_view s = error.public_text;
  if (s.size() >= 4 && s[0] >= '2' && s[0] <= '5' && IsDigit(s[1]) && IsDigit(s[2]) &&
      s[3] == ' ') {
    int code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    s.remove_prefix(4);
    std::string enhanced;
    auto sp = s.find(' ');
    if (IsEnhancedStatusCode(s.substr(0, sp)) && s[0] == error.public_text[0]) {
      enhanced = std::string(s.substr(0, sp));
      s.remove_prefix(sp == std::string_view::npos ? s.size() : sp + 1);
    }
    return Reply(code, std::move(enhanced), std::string(s));
  }
  CannedReply canned = ForCode(error.code);
  if (error.public_text.empty()) return canned;
  return Reply::WithText(canned, error.public_text);
}

}  // namespace tern::smtp::response
