#include "net/self_signed.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>

#include "tls_test_util.h"

namespace tern::net {
namespace {

using testing::TempDir;

std::shared_ptr<X509> ReadCert(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return nullptr;
  X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return std::shared_ptr<X509>(x, X509_free);
}

std::shared_ptr<EVP_PKEY> ReadKey(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return nullptr;
  EVP_PKEY* k = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free);
}

mode_t Mode(const std::filesystem::path& path) {
  struct stat st {};
  stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(SelfSignedTest, WritesMatchingKeyAndV3CertificateForTheHost) {
  TempDir dir;
  auto s = GenerateSelfSignedCertificate(dir / "cert.pem", dir / "key.pem", "mail.example.org");
  ASSERT_TRUE(s) << s.error().ToLogString();
  auto cert = ReadCert(dir / "cert.pem");
  auto key = ReadKey(dir / "key.pem");
  ASSERT_TRUE(cert && key);
  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_EQ(X509_verify(cert.get(), key.get()), 1);  // self-signed
  EXPECT_EQ(X509_check_host(cert.get(), "mail.example.org", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(cert.get(), "other.example.org", 0, 0, nullptr), 0);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
  // Valid now, for ten years (give or take the hour of skew allowance).
  EXPECT_LT(X509_cmp_current_time(X509_get0_notBefore(cert.get())), 0);
  int days = 0, secs = 0;
  ASSERT_EQ(
      ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert.get()), X509_get0_notAfter(cert.get())),
      1);
  EXPECT_EQ(days, 3650);
  EXPECT_EQ(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_ca(cert.get()), 0);
  EXPECT_EQ(Mode(dir / "key.pem"), 0600u);
  EXPECT_EQ(Mode(dir / "cert.pem"), 0644u);
  // Nothing left behind but the two files.
  int files = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 2);
}

TEST(SelfSignedTest, SerialsAreRandomAndFilesAreReplaced) {
  TempDir dir;
  ASSERT_TRUE(GenerateSelfSignedCertificate(dir / "c.pem", dir / "k.pem", "a.example", 1));
  auto first = ReadCert(dir / "c.pem");
  ASSERT_TRUE(GenerateSelfSignedCertificate(dir / "c.pem", dir / "k.pem", "a.example", 1));
  auto second = ReadCert(dir / "c.pem");
  ASSERT_TRUE(first && second);
  EXPECT_NE(
      ASN1_INTEGER_cmp(X509_get0_serialNumber(first.get()), X509_get0_serialNumber(second.get())),
      0);
  auto key = ReadKey(dir / "k.pem");
  EXPECT_EQ(X509_check_private_key(second.get(), key.get()), 1);
}

TEST(SelfSignedTest, IpAddressGetsAnIpSan) {
  TempDir dir;
  ASSERT_TRUE(GenerateSelfSignedCertificate(dir / "c.pem", dir / "k.pem", "192.0.2.7"));
  auto cert = ReadCert(dir / "c.pem");
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "192.0.2.7", 0), 1);
}

TEST(SelfSignedTest, LoopbackNamesAreAlwaysCovered) {
  TempDir dir;
  ASSERT_TRUE(GenerateSelfSignedCertificate(dir / "c.pem", dir / "k.pem", "mail.example.org"));
  auto cert = ReadCert(dir / "c.pem");
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "192.0.2.7", 0), 0);
}

TEST(SelfSignedTest, RefusesMalformedHostNames) {
  TempDir dir;
  for (const char* bad : {"", "a,DNS:evil.example", "host name", "x\ny", "a/b"}) {
    auto s = GenerateSelfSignedCertificate(dir / "c.pem", dir / "k.pem", bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "k.pem"));
}

TEST(SelfSignedTest, UnwritableDirectoryIsAnIoErrorNamingTheFile) {
  TempDir dir;
  auto s = GenerateSelfSignedCertificate(dir / "missing" / "c.pem", dir / "missing" / "k.pem",
                                         "localhost");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().public_text.find("k.pem"), std::string::npos) << s.error().public_text;
}

}  // namespace
}  // namespace tern::net
