#include "store/blob_hasher.h"

#include <openssl/evp.h>

namespace tern::store {

struct BlobHasher::Context {
  Context() : md(EVP_MD_CTX_new()) {}
  ~Context() { EVP_MD_CTX_free(md); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  EVP_MD_CTX* md;
};

BlobHasher::BlobHasher(std::unique_ptr<Context> ctx) : ctx_(std::move(ctx)) {}
BlobHasher::BlobHasher(BlobHasher&&) noexcept = default;
BlobHasher& BlobHasher::operator=(BlobHasher&&) noexcept = default;
BlobHasher::~BlobHasher() = default;

Result<BlobHasher> BlobHasher::Begin() {
  auto ctx = std::make_unique<Context>();
  if (ctx->md == nullptr || EVP_DigestInit_ex(ctx->md, EVP_sha256(), nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "SHA-256 unavailable");
  }
  return BlobHasher(std::move(ctx));
}

Status BlobHasher::Update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size()) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "EVP_DigestUpdate failed");
  }
  return Ok();
}

Result<std::string> BlobHasher::Finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, digest, &len) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "EVP_DigestFinal_ex failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(2 * size_t{len}, '\0');
  for (unsigned int i = 0; i < len; ++i) {
    id[2 * i] = kHex[digest[i] >> 4];
    id[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return id;
}

Result<std::string> BlobIdOf(std::string_view bytes) {
  auto hasher = BlobHasher::Begin();
  if (!hasher) return Fail(std::move(hasher).error());
  TERN_TRY(hasher->Update(bytes));
  return hasher->Finish();
}

}  // namespace tern::store
