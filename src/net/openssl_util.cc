#include "net/openssl_util.h"

#include <fmt/format.h>
#include <openssl/err.h>

#include <cstring>
#include <ctime>

namespace tern::net::internal {

namespace {

// A name entry or SAN as UTF-8; nullopt for anything with an embedded NUL, the old trick
// of "alice@example.org\0.evil.com" that a C-string comparison would take at face value.
std::optional<std::string> ToUtf8(const ASN1_STRING* s) {
  unsigned char* out = nullptr;
  int n = ASN1_STRING_to_UTF8(&out, s);
  if (n < 0) return std::nullopt;
  std::string text(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  OPENSSL_free(out);
  if (text.find('\0') != std::string::npos) return std::nullopt;
  return text;
}

// The last entry of `nid` in `name` (the most specific one by convention), or "".
std::string LastEntry(const X509_NAME* name, int nid) {
  int last = -1;
  for (int i = -1; (i = X509_NAME_get_index_by_NID(name, nid, i)) >= 0;) last = i;
  if (last < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last));
  return ToUtf8(data).value_or("");
}

std::string NameToString(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

std::string TakeOpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(e);
    if (!out.empty()) out += "; ";
    out += reason ? reason : fmt::format("error {:#x}", e);
  }
  return out;
}

PeerCertificate DescribeCertificate(X509* cert) {
  PeerCertificate info;
  const X509_NAME* subject = X509_get_subject_name(cert);
  info.subject = NameToString(subject);
  info.issuer = NameToString(X509_get_issuer_name(cert));
  info.subject_cn = LastEntry(subject, NID_commonName);
  info.subject_email = LastEntry(subject, NID_pkcs9_emailAddress);
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_EMAIL) continue;
    if (auto email = ToUtf8(name->d.rfc822Name)) info.san_emails.push_back(std::move(*email));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) == 1) {
    for (unsigned i = 0; i < len; ++i) info.sha256_fingerprint += fmt::format("{:02x}", md[i]);
  }
  TakeOpenSslErrors();
  return info;
}

std::string NotAfter(const X509* cert) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return "unknown";
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace tern::net::internal
