#pragma once
// The verified-credential cache (DESIGN "Security model"): remembers, for a short TTL,
// that a password was verified for an account, so clients that log in again and again
// (phones, fetchers, webmail) do not pay Argon2 every time.
//
// It keeps only HMAC-SHA-256(secret, name, password, stored hash): the password is not
// recoverable from memory, and a changed password (a new stored hash) never matches an
// old entry, even when the change was made by another process.
// Thread-safe.

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace tern::auth {

class CredentialCache {
 public:
  using Clock = std::chrono::steady_clock;
  // ttl == 0 disables the cache.
  explicit CredentialCache(std::chrono::seconds ttl, size_t max_entries = 100000);

  bool Contains(std::string_view name, std::string_view password, std::string_view stored_hash);
  void Insert(std::string_view name, std::string_view password, std::string_view stored_hash);
  void set_ttl(std::chrono::seconds ttl);

 private:
  using Key = std::array<unsigned char, 32>;
  struct KeyHash {
    size_t operator()(const Key& k) const noexcept;
  };
  Key Digest(std::string_view name, std::string_view password, std::string_view stored) const;
  void EvictExpired(Clock::time_point now);

  std::mutex mu_;
  std::chrono::seconds ttl_;
  size_t max_entries_;
  std::array<unsigned char, 32> secret_{};
  std::unordered_map<Key, Clock::time_point, KeyHash> entries_;  // key → expiry
};

}  // namespace tern::auth
