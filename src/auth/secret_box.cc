#include "auth/secret_box.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

#include "base/base64.h"

namespace tern::auth {

namespace {

constexpr std::string_view kPrefix = "aes256gcm:";
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

Error IoError(const std::filesystem::path& file, std::string_view what) {
  return Error(ErrorCode::kIo, fmt::format("cannot {} the secret key file {}: {}", what,
                                           file.string(), std::strerror(errno)));
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

Result<std::array<unsigned char, SecretBox::kKeySize>> ReadKey(const std::filesystem::path& file) {
  Fd f{open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return Fail(IoError(file, "open"));
  std::array<unsigned char, SecretBox::kKeySize + 1> buf{};
  ssize_t n = read(f.fd, buf.data(), buf.size());
  if (n < 0) return Fail(IoError(file, "read"));
  if (static_cast<size_t>(n) != SecretBox::kKeySize) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the secret key file {} is not {} octets long", file.string(),
                            SecretBox::kKeySize));
  }
  std::array<unsigned char, SecretBox::kKeySize> key{};
  std::memcpy(key.data(), buf.data(), key.size());
  return key;
}

// Writes a new key to an unnamed file and links it into place, so that of two processes
// creating the key at once (the daemon and `tern user passwd`) one wins and both use it.
Status CreateKey(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) {
    errno = ec.value();
    return Fail(IoError(file.parent_path(), "create the directory of"));
  }
  Fd f{open(file.parent_path().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600)};
  if (f.fd < 0) return Fail(IoError(file, "create"));
  std::array<unsigned char, SecretBox::kKeySize> key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "RAND_bytes failed");
  }
  if (write(f.fd, key.data(), key.size()) != static_cast<ssize_t>(key.size()) || fsync(f.fd) != 0) {
    return Fail(IoError(file, "write"));
  }
  std::string proc = fmt::format("/proc/self/fd/{}", f.fd);
  if (linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, file.c_str(), AT_SYMLINK_FOLLOW) != 0 &&
      errno != EEXIST) {
    return Fail(IoError(file, "create"));
  }
  Fd dir{open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) fsync(dir.fd);
  return Ok();
}

Error Malformed() { return Error(ErrorCode::kInvalidArgument, "sealed secret is not valid"); }

}  // namespace

std::filesystem::path SecretBox::KeyFileIn(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "secret.key";
}

Result<SecretBox> SecretBox::LoadOrCreate(const std::filesystem::path& key_file) {
  if (access(key_file.c_str(), F_OK) != 0) {
    if (errno != ENOENT) return Fail(IoError(key_file, "check"));
    TERN_TRY(CreateKey(key_file));
  }
  auto key = ReadKey(key_file);
  if (!key) return Fail(std::move(key).error());
  return SecretBox(*key);
}

Result<std::string> SecretBox::Seal(std::string_view plaintext) const {
  std::string raw(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (RAND_bytes(out, kNonceSize) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "RAND_bytes failed");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), out) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out + kNonceSize, &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + kNonceSize + len, &final_len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          out + kNonceSize + plaintext.size()) != 1) {
    return Fail(ErrorCode::kInternal, "internal error", "AES-256-GCM encryption failed");
  }
  return std::string(kPrefix) + base64::Encode(raw);
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (!sealed.starts_with(kPrefix)) return Fail(Malformed());
  auto raw = base64::Decode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonceSize + kTagSize) return Fail(Malformed());
  const auto* in = reinterpret_cast<const unsigned char*>(raw->data());
  const size_t text_size = raw->size() - kNonceSize - kTagSize;
  std::string plaintext(text_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  // The tag is read from a copy: OpenSSL's ctrl takes a non-const pointer.
  std::array<unsigned char, kTagSize> tag{};
  std::memcpy(tag.data(), in + kNonceSize + text_size, kTagSize);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), in) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &len, in + kNonceSize, static_cast<int>(text_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) != 1) {
    return Fail(Malformed());
  }
  return plaintext;
}

}  // namespace tern::auth
