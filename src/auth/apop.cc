#include "auth/apop.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

namespace tern::auth {

std::string ApopDigest(std::string_view timestamp, std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_md5(), nullptr) == 1 &&
            EVP_DigestUpdate(ctx, timestamp.data(), timestamp.size()) == 1 &&
            EVP_DigestUpdate(ctx, secret.data(), secret.size()) == 1 &&
            EVP_DigestFinal_ex(ctx, md.data(), &md_len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return {};  // matches no client digest
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < md_len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xf];
  }
  return hex;
}

bool ApopDigestMatches(std::string_view timestamp, std::string_view secret,
                       std::string_view given) {
  std::string expected = ApopDigest(timestamp, secret);
  if (expected.empty() || given.size() != expected.size()) return false;
  std::string lower(given);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return CRYPTO_memcmp(lower.data(), expected.data(), expected.size()) == 0;
}

}  // namespace tern::auth
