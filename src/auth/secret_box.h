#pragma once
// Reversible storage of a secret the server must be able to read back: the one case is
// APOP (RFC 1939 section 7), whose digest MD5(timestamp + password) can only be checked
// by someone holding the password itself. Secrets are sealed with AES-256-GCM under a key
// kept in a file beside the data (never in the store), so a copy of the database alone
// does not reveal them. Thread-safe once loaded.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::auth {

class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;

  // Reads the key file, creating it (32 random octets, mode 0600, durable) if it does not
  // exist. Errors: kIo (naming the file), kInvalidArgument for a file of the wrong size.
  static Result<SecretBox> LoadOrCreate(const std::filesystem::path& key_file);
  // The key file of a data directory: DATA/keys/secret.key.
  static std::filesystem::path KeyFileIn(const std::filesystem::path& data_dir);

  // "aes256gcm:" + base64(nonce || ciphertext || tag), with a fresh random nonce.
  Result<std::string> Seal(std::string_view plaintext) const;
  // The plaintext of what Seal made with this key. Errors: kInvalidArgument for anything
  // malformed, sealed under another key, or altered.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit SecretBox(const std::array<unsigned char, kKeySize>& key) : key_(key) {}
  std::array<unsigned char, kKeySize> key_;
};

}  // namespace tern::auth
