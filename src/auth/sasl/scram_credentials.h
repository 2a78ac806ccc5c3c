#pragma once
// SCRAM-SHA-256 keys as stored for an account (RFC 5802 section 3, RFC 7677), and their
// text form in the store. The server never needs the password or SaltedPassword: StoredKey
// verifies a client's proof and ServerKey signs the server's answer.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::auth::sasl {

inline constexpr int kScramDefaultIterations = 4096;  // RFC 7677 section 3: SHOULD be >= 4096
inline constexpr int kScramMaxIterations = 10'000'000;
inline constexpr size_t kScramSaltBytes = 16;
inline constexpr size_t kScramMaxSaltBytes = 256;
inline constexpr size_t kScramKeyBytes = 32;  // SHA-256

struct ScramCredentials {
  std::string salt;        // raw bytes, 1..kScramMaxSaltBytes
  int iterations = 0;      // 1..kScramMaxIterations
  std::string stored_key;  // raw, kScramKeyBytes: H(HMAC(SaltedPassword, "Client Key"))
  std::string server_key;  // raw, kScramKeyBytes: HMAC(SaltedPassword, "Server Key")

  // The sizes and ranges above hold.
  bool IsValid() const;
  friend bool operator==(const ScramCredentials&, const ScramCredentials&) = default;
};

// Derives the stored keys from a password (RFC 5802 section 3):
//   SaltedPassword = PBKDF2-HMAC-SHA-256(SaslPrepPassword(password), salt, iterations)
//   StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key"))
//   ServerKey = HMAC(SaltedPassword, "Server Key")
// `salt` defaults to kScramSaltBytes fresh random bytes. Deliberately slow (that is the
// point of the iterations): call it on a worker pool, never on an I/O thread.
// Errors: kInvalidArgument for iterations outside 1..kScramMaxIterations, an empty or
// over-long salt, or a password longer than kMaxPasswordBytes; kInternal if OpenSSL fails.
Result<ScramCredentials> DeriveScramSha256(std::string_view password,
                                           int iterations = kScramDefaultIterations,
                                           std::optional<std::string_view> salt = std::nullopt);

// "SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>", the
// form PostgreSQL stores (pg_authid.rolpassword) — so keys can be moved between the two.
// Precondition: c.IsValid().
std::string FormatScram(const ScramCredentials& c);

// The inverse of FormatScram; strict (canonical base64, decimal iterations without sign or
// leading zeros, the sizes and ranges of ScramCredentials::IsValid). kInvalidArgument
// otherwise ("malformed SCRAM credentials").
Result<ScramCredentials> ParseScram(std::string_view text);

// True if `text` starts with "SCRAM-SHA-256$" (cheap check before ParseScram).
bool LooksLikeScram(std::string_view text);

// The password as RFC 5802 section 2.2 wants it hashed: Normalize(str) = SASLprep (RFC
// 4013). This is a documented minimal form, not SASLprep:
//  - every password is returned unchanged. For ASCII passwords that is exactly SASLprep's
//    output whenever SASLprep succeeds (it maps and normalises no ASCII character); for the
//    ASCII control characters SASLprep prohibits, RFC 5802 section 2.2 leaves the raw
//    string as the fallback, which is what we use (as PostgreSQL does).
//  - non-ASCII passwords are not NFKC-normalised, nor are non-ASCII spaces mapped or
//    "commonly mapped to nothing" characters removed. Why: none of the project's
//    dependencies provides SASLprep (stringprep tables + NFKC). The outcome is only that a
//    client whose SASLprep changes a non-ASCII password (compatibility characters, NBSP)
//    fails SCRAM for that account and must use PLAIN/LOGIN; text typed as NFC, which is
//    almost all of it, is unchanged by NFKC anyway. Because Derive and the client both
//    see the same bytes for such passwords, nothing is ever wrongly accepted.
std::string SaslPrepPassword(std::string_view password);

// Passwords longer than this are refused by every mechanism (matches
// auth::kMaxPasswordLength, which HashPassword enforces; tern_sasl does not link tern_auth).
inline constexpr size_t kMaxPasswordBytes = 1024;

}  // namespace tern::auth::sasl
