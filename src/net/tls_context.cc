#include "net/tls_context.h"

#include <fmt/format.h>
#include <openssl/pem.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "net/openssl_util.h"

namespace tern::net {

namespace ssl = boost::asio::ssl;
using internal::BioPtr;
using internal::PkeyPtr;
using internal::TakeOpenSslErrors;
using internal::X509Ptr;

namespace {

// Mozilla's "intermediate" TLS 1.2 list without the DHE suites (we load no DH
// parameters, and every client of the last decade speaks ECDHE).
constexpr const char* kDefaultCiphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kGroups = "X25519:P-256:P-384";
// Binds cached sessions to this server, which OpenSSL insists on once it verifies
// client certificates (otherwise resumption fails with "session id context
// uninitialized").
constexpr unsigned char kSessionIdContext[] = "tern";

Error Invalid(std::string text, std::string detail = {}) {
  return Error(ErrorCode::kInvalidArgument, std::move(text), std::move(detail));
}

// Reads a whole (small) PEM file; the error names the setting and the file.
Result<std::string> ReadPemFile(const char* setting, const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    return Fail(Invalid(
        fmt::format("{}: cannot read {}: {}", setting, path.string(), std::strerror(errno))));
  }
  std::string data;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) {
    return Fail(Invalid(fmt::format("{}: cannot read {}", setting, path.string())));
  }
  return data;
}

BioPtr MemoryBio(const std::string& data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

// Never prompt on the terminal for a passphrase (a daemon has none): fail instead.
int NoPassphrase(char*, int, int, void*) { return 0; }

// Requests client certificates but lets the handshake finish whatever they are: the
// verdict stays in SSL_get_verify_result() for SASL EXTERNAL, and clients without a
// certificate can still log in with a password.
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

}  // namespace

TlsContext::TlsContext(TlsSettings settings, std::unique_ptr<ssl::context> context,
                       std::string summary)
    : settings_(std::move(settings)), context_(std::move(context)), summary_(std::move(summary)) {}

TlsContext::~TlsContext() = default;

Result<std::shared_ptr<TlsContext>> TlsContext::Load(const TlsSettings& settings) {
  TakeOpenSslErrors();  // start from a clean queue so that details are ours
  int min_version;
  if (settings.min_protocol == "1.2" || settings.min_protocol.empty()) {
    min_version = TLS1_2_VERSION;
  } else if (settings.min_protocol == "1.3") {
    min_version = TLS1_3_VERSION;
  } else {
    return Fail(
        Invalid(fmt::format("tls.minprotocol: \"{}\" is not 1.2 or 1.3", settings.min_protocol)));
  }
  if (settings.certificate_path.empty() || settings.key_path.empty()) {
    return Fail(Invalid("tls.certificate and tls.key must both be set"));
  }

  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();

  // The certificate, then any chain certificates after it in the same file.
  auto cert_pem = ReadPemFile("tls.certificate", settings.certificate_path);
  if (!cert_pem) return Fail(std::move(cert_pem).error());
  BioPtr bio = MemoryBio(*cert_pem);
  X509Ptr leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!leaf) {
    return Fail(Invalid(fmt::format("tls.certificate: {} holds no PEM certificate",
                                    settings.certificate_path.string()),
                        TakeOpenSslErrors()));
  }
  if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
    return Fail(Invalid(
        fmt::format("tls.certificate: {} is not usable", settings.certificate_path.string()),
        TakeOpenSslErrors()));
  }
  while (X509* chain = PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr)) {
    if (SSL_CTX_add0_chain_cert(ctx, chain) != 1) {
      X509_free(chain);
      return Fail(Invalid(fmt::format("tls.certificate: a chain certificate in {} is not usable",
                                      settings.certificate_path.string()),
                          TakeOpenSslErrors()));
    }
  }
  TakeOpenSslErrors();  // the loop ends on "no start line"

  auto key_pem = ReadPemFile("tls.key", settings.key_path);
  if (!key_pem) return Fail(std::move(key_pem).error());
  bio = MemoryBio(*key_pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    bool encrypted = key_pem->find("ENCRYPTED") != std::string::npos;
    std::string path = settings.key_path.string();
    return Fail(Invalid(encrypted ? fmt::format("tls.key: {} is encrypted; give an unencrypted "
                                                "key (readable only by the server)",
                                                path)
                                  : fmt::format("tls.key: {} holds no PEM private key", path),
                        TakeOpenSslErrors()));
  }
  if (X509_check_private_key(leaf.get(), key.get()) != 1) {
    return Fail(Invalid(fmt::format("tls.key: {} does not match the certificate in {}",
                                    settings.key_path.string(), settings.certificate_path.string()),
                        TakeOpenSslErrors()));
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return Fail(Invalid(fmt::format("tls.key: {} is not usable", settings.key_path.string()),
                        TakeOpenSslErrors()));
  }

  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_ECDH_USE |
                               SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3);
  SSL_CTX_set_min_proto_version(ctx, min_version);
  const std::string& ciphers = settings.ciphers.empty() ? kDefaultCiphers : settings.ciphers;
  if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    return Fail(Invalid(fmt::format("tls.ciphers: OpenSSL knows no cipher in \"{}\"", ciphers),
                        TakeOpenSslErrors()));
  }
  if (SSL_CTX_set1_groups_list(ctx, kGroups) != 1) {
    return Fail(Error(ErrorCode::kInternal, "TLS setup failed", TakeOpenSslErrors()));
  }
  SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);

  if (!settings.client_ca_path.empty()) {
    // Read it ourselves first for an error that names the file.
    auto ca_pem = ReadPemFile("tls.clientca", settings.client_ca_path);
    if (!ca_pem) return Fail(std::move(ca_pem).error());
    const char* ca = settings.client_ca_path.c_str();
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(ca);
    if (!names || SSL_CTX_load_verify_locations(ctx, ca, nullptr) != 1) {
      if (names) sk_X509_NAME_pop_free(names, X509_NAME_free);
      return Fail(Invalid(fmt::format("tls.clientca: {} holds no PEM CA certificate",
                                      settings.client_ca_path.string()),
                          TakeOpenSslErrors()));
    }
    SSL_CTX_set_client_CA_list(ctx, names);  // takes ownership
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, AcceptAnyCertificate);
    SSL_CTX_set_verify_depth(ctx, 8);
  }
  TakeOpenSslErrors();

  std::string cn = internal::DescribeCertificate(leaf.get()).subject_cn;
  bool expired = X509_cmp_current_time(X509_get0_notAfter(leaf.get())) < 0;
  std::string summary = fmt::format("CN={}, {} {}", cn, expired ? "EXPIRED" : "expires",
                                    internal::NotAfter(leaf.get()));
  return std::shared_ptr<TlsContext>(new TlsContext(settings, std::move(context), summary));
}

}  // namespace tern::net
