#pragma once
// Server-side TLS configuration: one certificate chain and key, the protocol floor,
// ciphers and, optionally, the CA that client certificates must chain to (for SASL
// EXTERNAL). Built once per (re)load; immutable afterwards, so any number of sessions on
// any thread may share one. A SIGHUP reload builds a new TlsContext and swaps it into
// the service's TlsContextSlot; sessions keep the shared_ptr they started with, so
// nothing in flight is dropped.
//
// This header names no Boost or OpenSSL type (it is included by configuration code);
// connection.cc and the tests reach the boost::asio::ssl::context through native().

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace boost::asio::ssl {
class context;
}

namespace tern::net {

struct TlsSettings {
  std::filesystem::path certificate_path;  // PEM: the server certificate, then its chain
  std::filesystem::path key_path;          // PEM private key, unencrypted
  std::string min_protocol = "1.2";        // "1.2" or "1.3" (tls.minprotocol)
  // OpenSSL cipher list for TLS 1.2 (TLS 1.3 suites are all strong and stay at
  // OpenSSL's defaults). Empty: ECDHE with AES-GCM or ChaCha20-Poly1305 only.
  std::string ciphers;
  // If set, client certificates are requested and verified against the CA certificates
  // in this PEM file. A client that sends none, or one that does not verify, still
  // completes the handshake (it may log in with a password); PeerCertificate::verified
  // tells SASL EXTERNAL whether to trust it.
  std::filesystem::path client_ca_path;
};

// What a client certificate says about its owner, for SASL EXTERNAL and the log.
struct PeerCertificate {
  std::string subject;                  // one-line RFC 2253 DN, "CN=alice,O=Example"
  std::string issuer;                   // the same for the issuer
  std::string subject_cn;               // the (last) commonName, "" if none
  std::string subject_email;            // the subject's emailAddress attribute, "" if none
  std::vector<std::string> san_emails;  // subjectAltName rfc822Name entries, in order
  std::string sha256_fingerprint;       // lower-case hex of the DER encoding
  // True only if the chain verified against TlsSettings::client_ca_path (and the
  // certificate is within its validity period and fit for client authentication).
  bool verified = false;
  std::string verify_error;  // OpenSSL's reason when !verified, e.g. "certificate has expired"
};

class TlsContext {
 public:
  // Builds a server context. Errors (kInvalidArgument, public text naming the setting
  // and file, OpenSSL's reason in the detail): a file that cannot be read, a file that
  // holds no PEM certificate or key, an encrypted key, a key that does not match the
  // certificate, an unknown min_protocol, a cipher list OpenSSL accepts nothing from.
  //
  // Defaults: TLS 1.2 or later, no compression, no renegotiation, the server's cipher
  // preference, groups X25519:P-256:P-384, session tickets on (keys are per context, so
  // a reload makes clients do one full handshake).
  // SNI: one certificate serves every host name for now; per-host certificates are
  // issue #7.
  static Result<std::shared_ptr<TlsContext>> Load(const TlsSettings& settings);

  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  const TlsSettings& settings() const { return settings_; }
  bool RequestsClientCertificates() const { return !settings_.client_ca_path.empty(); }
  // "CN=mail.example.org, expires 2035-01-01 00:00:00 UTC": for the startup log.
  const std::string& Summary() const { return summary_; }

  // For net::Connection and tests. The context is not modified after Load(), which is
  // what makes sharing it between threads safe; callers must keep it that way.
  boost::asio::ssl::context& native() const { return *context_; }

 private:
  TlsContext(TlsSettings settings, std::unique_ptr<boost::asio::ssl::context> context,
             std::string summary);

  TlsSettings settings_;
  std::unique_ptr<boost::asio::ssl::context> context_;
  std::string summary_;
};

// The current TlsContext of a service (or of the daemon), swapped on reload.
// Thread-safe. Get() returns null while TLS is not configured.
class TlsContextSlot {
 public:
  std::shared_ptr<TlsContext> Get() const {
    std::lock_guard lock(mutex_);
    return context_;
  }
  void Set(std::shared_ptr<TlsContext> context) {
    std::lock_guard lock(mutex_);
    context_ = std::move(context);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<TlsContext> context_;
};

}  // namespace tern::net
