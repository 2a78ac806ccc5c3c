#include "auth/credential_cache.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>

namespace tern::auth {

CredentialCache::CredentialCache(std::chrono::seconds ttl, size_t max_entries)
    : ttl_(ttl), max_entries_(max_entries) {
  RAND_bytes(secret_.data(), static_cast<int>(secret_.size()));
}

size_t CredentialCache::KeyHash::operator()(const Key& k) const noexcept {
  size_t h;
  std::memcpy(&h, k.data(), sizeof h);
  return h;
}

CredentialCache::Key CredentialCache::Digest(std::string_view name, std::string_view password,
                                             std::string_view stored) const {
  // Length-prefixed fields so that ("ab","c") and ("a","bc") differ.
  std::string msg;
  for (auto part : {name, password, stored}) {
    uint64_t n = part.size();
    msg.append(reinterpret_cast<const char*>(&n), sizeof n);
    msg.append(part);
  }
  Key out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out.data(), &len);
  OPENSSL_cleanse(msg.data(), msg.size());
  return out;
}

bool CredentialCache::Contains(std::string_view name, std::string_view password,
                               std::string_view stored_hash) {
  if (ttl_.count() == 0) return false;
  Key k = Digest(name, password, stored_hash);
  std::lock_guard lock(mu_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return false;
  if (it->second < Clock::now()) {
    entries_.erase(it);
    return false;
  }
  return true;
}

void CredentialCache::Insert(std::string_view name, std::string_view password,
                             std::string_view stored_hash) {
  if (ttl_.count() == 0) return;
  Key k = Digest(name, password, stored_hash);
  auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_) EvictExpired(now);
  if (entries_.size() >= max_entries_) entries_.clear();  // under attack: start afresh
  entries_[k] = now + ttl_;
}

void CredentialCache::set_ttl(std::chrono::seconds ttl) {
  std::lock_guard lock(mu_);
  ttl_ = ttl;
  if (ttl.count() == 0) entries_.clear();
}

void CredentialCache::EvictExpired(Clock::time_point now) {
  std::erase_if(entries_, [now](const auto& e) { return e.second < now; });
}

}  // namespace tern::auth
