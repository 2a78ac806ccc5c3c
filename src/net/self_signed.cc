#include "net/self_signed.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "net/openssl_util.h"

namespace tern::net {

using internal::BignumPtr;
using internal::BioPtr;
using internal::PkeyPtr;
using internal::TakeOpenSslErrors;
using internal::X509Ptr;

namespace {

using Asn1OctetStringPtr =
    std::unique_ptr<ASN1_OCTET_STRING, internal::Deleter<ASN1_OCTET_STRING_free>>;

Error OpenSslFailure(const char* what) {
  return Error(ErrorCode::kInternal, "cannot generate a certificate",
               fmt::format("{}: {}", what, TakeOpenSslErrors()));
}

// Letters, digits, '-', '.', '_' and a leading "*." wildcard: enough for any host name,
// and nothing that could smuggle another name into the certificate.
bool IsHostName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.starts_with("*.")) name.remove_prefix(2);
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return !name.empty();
}

Status AddExtension(X509* x, X509V3_CTX* ctx, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  if (!ext) return Fail(OpenSslFailure(value));
  int ok = X509_add_ext(x, ext, -1);
  X509_EXTENSION_free(ext);
  if (ok != 1) return Fail(OpenSslFailure(value));
  return Ok();
}

Result<std::string> BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  if (n <= 0) return Fail(OpenSslFailure("PEM encoding"));
  return std::string(data, static_cast<size_t>(n));
}

// Writes `data` to a temporary file beside `path` with `mode`, syncs it, renames it into
// place and syncs the directory.
Status WriteAtomically(const std::filesystem::path& path, const std::string& data, mode_t mode) {
  auto io_error = [&](const char* what) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
  };
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string tmp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmp.data());  // created 0600, so a key is never readable by others
  if (fd < 0) return io_error("create a temporary file for");
  auto fail = [&](const char* what) {
    int saved = errno;
    close(fd);
    unlink(tmp.c_str());
    errno = saved;
    return io_error(what);
  };
  if (fchmod(fd, mode) != 0) return fail("set the mode of");
  for (size_t done = 0; done < data.size();) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return fail("sync");
  if (close(fd) != 0) {
    int saved = errno;
    unlink(tmp.c_str());
    errno = saved;
    return io_error("write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    unlink(tmp.c_str());
    errno = saved;
    return io_error("replace");
  }
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);  // best effort: the file itself is already durable
    close(dfd);
  }
  return Ok();
}

}  // namespace

Status GenerateSelfSignedCertificate(const std::filesystem::path& cert,
                                     const std::filesystem::path& key, std::string_view hostname,
                                     int days) {
  TakeOpenSslErrors();
  std::string host(hostname);
  // An IP literal gets an iPAddress SAN; anything else must look like a host name.
  Asn1OctetStringPtr ip(a2i_IPADDRESS(host.c_str()));
  TakeOpenSslErrors();
  if (!ip && !IsHostName(host)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"{}\" is not a host name or IP address", host));
  }
  if (days < 1) return Fail(ErrorCode::kInvalidArgument, "a certificate must be valid for a day");

  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!pkey) return Fail(OpenSslFailure("EC P-256 key generation"));

  X509Ptr x(X509_new());
  if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1) {
    return Fail(OpenSslFailure("X509_new"));
  }
  // 159 random bits: positive, at most 20 octets (RFC 5280 4.1.2.2), unguessable.
  BignumPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x.get()))) {
    return Fail(OpenSslFailure("serial number"));
  }
  if (!X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600) ||
      !X509_time_adj_ex(X509_getm_notAfter(x.get()), days, 0, nullptr)) {
    return Fail(OpenSslFailure("validity"));
  }
  X509_NAME* name = X509_get_subject_name(x.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(x.get(), name) != 1 || X509_set_pubkey(x.get(), pkey.get()) != 1) {
    return Fail(OpenSslFailure("subject"));
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_key_usage, "critical,digitalSignature"},
                            {NID_ext_key_usage, "serverAuth"},
                            {NID_subject_key_identifier, "hash"},
                            {NID_authority_key_identifier, "keyid:always"}}) {
    if (auto s = AddExtension(x.get(), &ctx, nid, value); !s) return s;
  }
  // Built as a structure rather than from "DNS:..." text, so no host name can be read
  // as extension syntax. The loopback names are added so that a fresh server can be
  // reached with TLS by local clients (and its own tests) whatever its host name is.
  internal::GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) return Fail(OpenSslFailure("subjectAltName"));
  std::vector<std::string> dns_names;
  std::vector<std::string> ips;
  (ip ? ips : dns_names).push_back(host);
  for (const char* loop : {"localhost"}) {
    if (host != loop) dns_names.emplace_back(loop);
  }
  for (const char* loop : {"127.0.0.1", "::1"}) {
    if (host != loop) ips.emplace_back(loop);
  }
  auto push = [&](int type, ASN1_STRING* value) {
    GENERAL_NAME* san = GENERAL_NAME_new();
    if (san == nullptr || value == nullptr) {
      GENERAL_NAME_free(san);
      ASN1_STRING_free(value);
      return false;
    }
    GENERAL_NAME_set0_value(san, type, value);
    if (sk_GENERAL_NAME_push(names.get(), san) == 0) {
      GENERAL_NAME_free(san);
      return false;
    }
    return true;
  };
  for (const auto& dns_name : dns_names) {
    ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
    if (dns != nullptr &&
        ASN1_STRING_set(dns, dns_name.data(), static_cast<int>(dns_name.size())) != 1) {
      ASN1_IA5STRING_free(dns);
      dns = nullptr;
    }
    if (!push(GEN_DNS, dns)) return Fail(OpenSslFailure("subjectAltName"));
  }
  for (const auto& address : ips) {
    if (!push(GEN_IPADD, a2i_IPADDRESS(address.c_str()))) {
      return Fail(OpenSslFailure("subjectAltName"));
    }
  }
  if (X509_add1_ext_i2d(x.get(), NID_subject_alt_name, names.get(), 0, 0) != 1) {
    return Fail(OpenSslFailure("subjectAltName"));
  }
  if (X509_sign(x.get(), pkey.get(), EVP_sha256()) <= 0) return Fail(OpenSslFailure("signing"));

  BioPtr key_bio(BIO_new(BIO_s_mem()));
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  if (!key_bio || !cert_bio ||
      PEM_write_bio_PrivateKey(key_bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1 ||
      PEM_write_bio_X509(cert_bio.get(), x.get()) != 1) {
    return Fail(OpenSslFailure("PEM encoding"));
  }
  auto key_pem = BioContents(key_bio.get());
  if (!key_pem) return Fail(std::move(key_pem).error());
  auto cert_pem = BioContents(cert_bio.get());
  if (!cert_pem) return Fail(std::move(cert_pem).error());
  // The key first: a crash between the two renames leaves a new key with the old
  // certificate, which TlsContext::Load reports as a mismatch rather than serving.
  if (auto s = WriteAtomically(key, *key_pem, 0600); !s) return s;
  return WriteAtomically(cert, *cert_pem, 0644);
}

}  // namespace tern::net
