#include "auth/password.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

namespace tern::auth {

namespace {
constexpr size_t kSaltLength = 16;
constexpr size_t kHashLength = 32;
}  // namespace

Result<std::string> HashPassword(std::string_view password, const Argon2Params& params) {
  if (password.empty()) return Fail(ErrorCode::kInvalidArgument, "the password is empty");
  if (password.size() > kMaxPasswordLength) {
    return Fail(ErrorCode::kInvalidArgument, "the password is too long");
  }
  std::array<unsigned char, kSaltLength> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Fail(ErrorCode::kInternal, "cannot hash password", "RAND_bytes failed");
  }
  size_t len = argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                                 kSaltLength, kHashLength, Argon2_id);
  std::vector<char> encoded(len);
  int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 kHashLength, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Fail(ErrorCode::kInternal, "cannot hash password", argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, std::string_view encoded_hash) {
  if (password.size() > kMaxPasswordLength) return false;
  if (encoded_hash.substr(0, 10) != "$argon2id$") return false;
  std::string hash(encoded_hash);  // argon2 wants a NUL-terminated string
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace tern::auth
