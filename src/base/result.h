#pragma once
// Errors are values (STYLE habit 9): every fallible call returns tern::Result<T>.
// An Error carries a class (what a protocol maps to its reply), a public text that is
// safe to show to a client, and a private detail for the log only.

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace tern {

enum class ErrorCode {
  kInvalidArgument,   // the caller's input is wrong (bad syntax, bad value)
  kNotFound,          // no such account, mailbox, message, key
  kAlreadyExists,     // create of something that exists
  kPermissionDenied,  // authenticated but not allowed
  kAuthFailed,        // bad credentials (never says which part was wrong)
  kOverQuota,         // the account's quota would be exceeded
  kTooLarge,          // over a configured size limit
  kLimit,             // some other configured limit (sessions, rate)
  kUnavailable,       // temporary: try again later
  kCorrupt,           // stored data failed a consistency check
  kIo,                // file system or database I/O failed
  kInternal,          // a bug or an impossible state
};

// Returns a stable lower-case name for logs ("not-found").
const char* ErrorCodeName(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string public_text;  // may be sent to a client as is
  std::string detail;       // for the log only; may name paths, SQL, errno

  Error() = default;
  Error(ErrorCode c, std::string text, std::string private_detail = {})
      : code(c), public_text(std::move(text)), detail(std::move(private_detail)) {}

  // "not-found: no such mailbox (detail)": for logs, never for clients.
  std::string ToLogString() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string text, std::string detail = {}) {
  return tl::unexpected<Error>(Error(code, std::move(text), std::move(detail)));
}

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

inline Status Ok() { return {}; }

}  // namespace tern

// Propagates the error of an expression yielding Result<T>; evaluates to nothing.
#define TERN_TRY(expr)                                                               \
  do {                                                                               \
    auto&& tern_try_result_ = (expr);                                                \
    if (!tern_try_result_) return ::tern::Fail(std::move(tern_try_result_).error()); \
  } while (0)
