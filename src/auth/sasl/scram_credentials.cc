#include "auth/sasl/scram_credentials.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>

#include "auth/sasl/scram_crypto.h"
#include "base/base64.h"

namespace tern::auth::sasl {
namespace {

constexpr std::string_view kPrefix = "SCRAM-SHA-256$";

tl::unexpected<Error> Malformed(std::string detail) {
  return tern::Fail(ErrorCode::kInvalidArgument, "malformed SCRAM credentials", std::move(detail));
}

}  // namespace

bool ScramCredentials::IsValid() const {
  return !salt.empty() && salt.size() <= kScramMaxSaltBytes && iterations >= 1 &&
         iterations <= kScramMaxIterations && stored_key.size() == kScramKeyBytes &&
         server_key.size() == kScramKeyBytes;
}

Result<ScramCredentials> DeriveScramSha256(std::string_view password, int iterations,
                                           std::optional<std::string_view> salt) {
  if (iterations < 1 || iterations > kScramMaxIterations) {
    return tern::Fail(ErrorCode::kInvalidArgument, "bad SCRAM iteration count",
                      std::to_string(iterations));
  }
  if (password.size() > kMaxPasswordBytes) {
    return tern::Fail(ErrorCode::kInvalidArgument, "password too long");
  }
  ScramCredentials c;
  c.iterations = iterations;
  if (salt) {
    if (salt->empty() || salt->size() > kScramMaxSaltBytes) {
      return tern::Fail(ErrorCode::kInvalidArgument, "bad SCRAM salt length");
    }
    c.salt = std::string(*salt);
  } else {
    c.salt = RandomBytes(kScramSaltBytes);
    if (c.salt.empty()) return tern::Fail(ErrorCode::kInternal, "internal error", "RAND_bytes");
  }
  std::string prepared = SaslPrepPassword(password);
  unsigned char salted[kScramKeyBytes];
  if (PKCS5_PBKDF2_HMAC(prepared.data(), static_cast<int>(prepared.size()),
                        reinterpret_cast<const unsigned char*>(c.salt.data()),
                        static_cast<int>(c.salt.size()), iterations, EVP_sha256(), sizeof salted,
                        salted) != 1) {
    return tern::Fail(ErrorCode::kInternal, "internal error", "PKCS5_PBKDF2_HMAC failed");
  }
  std::string_view salted_view(reinterpret_cast<const char*>(salted), sizeof salted);
  c.stored_key = Sha256(HmacSha256(salted_view, "Client Key"));
  c.server_key = HmacSha256(salted_view, "Server Key");
  OPENSSL_cleanse(salted, sizeof salted);
  OPENSSL_cleanse(prepared.data(), prepared.size());
  if (c.stored_key.size() != kScramKeyBytes || c.server_key.size() != kScramKeyBytes) {
    return tern::Fail(ErrorCode::kInternal, "internal error", "HMAC-SHA-256 failed");
  }
  return c;
}

std::string FormatScram(const ScramCredentials& c) {
  std::string out(kPrefix);
  out += std::to_string(c.iterations);
  out += ':';
  out += base64::Encode(c.salt);
  out += '$';
  out += base64::Encode(c.stored_key);
  out += ':';
  out += base64::Encode(c.server_key);
  return out;
}

bool LooksLikeScram(std::string_view text) { return text.substr(0, kPrefix.size()) == kPrefix; }

Result<ScramCredentials> ParseScram(std::string_view text) {
  if (!LooksLikeScram(text)) return Malformed("missing SCRAM-SHA-256$ prefix");
  text.remove_prefix(kPrefix.size());
  size_t colon1 = text.find(':');
  size_t dollar = text.find('$');
  if (colon1 == std::string_view::npos || dollar == std::string_view::npos || dollar < colon1) {
    return Malformed("expected <iterations>:<salt>$<stored>:<server>");
  }
  size_t colon2 = text.find(':', dollar);
  if (colon2 == std::string_view::npos) return Malformed("missing ':' between keys");
  std::string_view iter_text = text.substr(0, colon1);
  std::string_view salt_text = text.substr(colon1 + 1, dollar - colon1 - 1);
  std::string_view stored_text = text.substr(dollar + 1, colon2 - dollar - 1);
  std::string_view server_text = text.substr(colon2 + 1);

  ScramCredentials c;
  if (iter_text.empty() || iter_text.size() > 9 || iter_text[0] < '1' || iter_text[0] > '9') {
    return Malformed("bad iteration count");
  }
  auto [end, ec] =
      std::from_chars(iter_text.data(), iter_text.data() + iter_text.size(), c.iterations);
  if (ec != std::errc() || end != iter_text.data() + iter_text.size()) {
    return Malformed("bad iteration count");
  }
  auto salt = base64::Decode(salt_text);
  auto stored = base64::Decode(stored_text);
  auto server = base64::Decode(server_text);
  if (!salt || !stored || !server) return Malformed("bad base64");
  c.salt = std::move(*salt);
  c.stored_key = std::move(*stored);
  c.server_key = std::move(*server);
  if (!c.IsValid()) return Malformed("salt, key size or iteration count out of range");
  return c;
}

std::string SaslPrepPassword(std::string_view password) { return std::string(password); }

}  // namespace tern::auth::sasl
