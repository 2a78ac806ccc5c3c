#include "base/result.h"

namespace tern {

const char* ErrorCodeName(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kAlreadyExists:
      return "already-exists";
    case ErrorCode::kPermissionDenied:
      return "permission-denied";
    case ErrorCode::kAuthFailed:
      return "auth-failed";
    case ErrorCode::kOverQuota:
      return "over-quota";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kLimit:
      return "limit";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Error::ToLogString() const {
  std::string s = ErrorCodeName(code);
  s += ": ";
  s += public_text;
  if (!detail.empty()) {
    s += " (";
    s += detail;
    s += ')';
  }
  return s;
}

}  // namespace tern
