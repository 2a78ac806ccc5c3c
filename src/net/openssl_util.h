#pragma once
// Small helpers shared by the TLS code in src/net; internal to tern_net (it names
// OpenSSL types, so no public header includes it).

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <string>

#include "net/tls_context.h"

namespace tern::net::internal {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

// Pops OpenSSL's thread-local error queue into "reason; reason" (empty if it was empty).
// Call after every failing OpenSSL call, so that stale errors never show up later.
std::string TakeOpenSslErrors();

// Reads what a certificate says about its subject. `verified` and `verify_error` are
// left for the caller, which knows how the certificate was checked.
PeerCertificate DescribeCertificate(X509* cert);

// The certificate's notAfter as "2035-01-01 00:00:00 UTC".
std::string NotAfter(const X509* cert);

}  // namespace tern::net::internal
