#pragma once
// The OpenSSL primitives SCRAM-SHA-256 needs, over byte strings. Internal to tern_sasl.
// Each returns "" only if OpenSSL itself fails (callers treat that as kInternal).

#include <string>
#include <string_view>

namespace tern::auth::sasl {

std::string HmacSha256(std::string_view key, std::string_view data);
std::string Sha256(std::string_view data);
// `n` bytes from RAND_bytes.
std::string RandomBytes(size_t n);
// Constant-time equality of two byte strings (CRYPTO_memcmp); sizes may differ (then false,
// and the size is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tern::auth::sasl
