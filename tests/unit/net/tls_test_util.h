#pragma once
// Test helpers for the TLS tests: a temporary directory, a small CA that issues client
// certificates (built with OpenSSL's APIs, as a real CA would issue them), and a
// connected socket pair.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

namespace tern::net::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-tls-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct KeyAndCert {
  std::shared_ptr<EVP_PKEY> key;
  std::shared_ptr<X509> cert;
};

inline void AddExt(X509* x, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, x, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  X509_add_ext(x, ext, -1);
  X509_EXTENSION_free(ext);
}

// Issues a certificate for `cn` (with an emailAddress attribute and an rfc822Name SAN
// when `email` is given), signed by `issuer` or self-signed when it is null. A CA gets
// CA:TRUE; an end entity gets clientAuth.
inline KeyAndCert IssueCertificate(const std::string& cn, const std::string& email,
                                   const KeyAndCert* issuer, bool ca, long serial,
                                   long valid_seconds = 86400) {
  KeyAndCert out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  out.cert.reset(X509_new(), X509_free);
  X509* x = out.cert.get();
  X509_set_version(x, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), valid_seconds);
  X509_set_pubkey(x, out.key.get());
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Tern Test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  if (!email.empty()) {
    X509_NAME_add_entry_by_txt(name, "emailAddress", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(email.c_str()), -1, -1, 0);
  }
  X509* issuer_cert = issuer ? issuer->cert.get() : x;
  EVP_PKEY* issuer_key = issuer ? issuer->key.get() : out.key.get();
  X509_set_issuer_name(x, X509_get_subject_name(issuer_cert));
  AddExt(x, issuer_cert, NID_subject_key_identifier, "hash");
  if (ca) {
    AddExt(x, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExt(x, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExt(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
    AddExt(x, issuer_cert, NID_key_usage, "critical,digitalSignature");
    AddExt(x, issuer_cert, NID_ext_key_usage, "clientAuth");
    if (!email.empty()) AddExt(x, issuer_cert, NID_subject_alt_name, ("email:" + email).c_str());
  }
  X509_sign(x, issuer_key, EVP_sha256());
  return out;
}

inline void WritePem(const std::filesystem::path& path, X509* cert) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
}

inline void WritePem(const std::filesystem::path& path, EVP_PKEY* key) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
}

// A connected pair of loopback sockets on `io`: {client, server}.
inline std::pair<boost::asio::ip::tcp::socket, boost::asio::ip::tcp::socket> SocketPair(
    boost::asio::io_context& io) {
  using boost::asio::ip::tcp;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket server = acceptor.accept();
  return {std::move(client), std::move(server)};
}

}  // namespace tern::net::testing
