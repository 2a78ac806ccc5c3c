#pragma once
// Password hashing: Argon2id in PHC string form ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
// Both calls are deliberately slow (that is the point): never call them on an I/O thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::auth {

struct Argon2Params {
  uint32_t time_cost = 2;
  uint32_t memory_kib = 19456;  // OWASP's minimum recommendation for Argon2id
  uint32_t parallelism = 1;
};

// Hashes `password` with a fresh random salt. Errors: kInvalidArgument for an empty or
// over-long password, kInternal if the library fails.
Result<std::string> HashPassword(std::string_view password, const Argon2Params& params);

// Constant-time verification against a PHC string. False for malformed hashes.
bool VerifyPassword(std::string_view password, std::string_view encoded_hash);

inline constexpr size_t kMaxPasswordLength = 1024;

}  // namespace tern::auth
