#include "net/tls_context.h"

#include <gtest/gtest.h>

#include <fstream>

#include "net/self_signed.h"
#include "tls_test_util.h"

namespace tern::net {
namespace {

using testing::TempDir;

class TlsContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateSelfSignedCertificate(dir_ / "a.crt", dir_ / "a.key", "localhost"));
    ASSERT_TRUE(GenerateSelfSignedCertificate(dir_ / "b.crt", dir_ / "b.key", "localhost"));
  }
  TlsSettings Settings(const std::string& cert, const std::string& key) {
    TlsSettings s;
    s.certificate_path = dir_ / cert;
    s.key_path = dir_ / key;
    return s;
  }
  // Expects Load() to fail with kInvalidArgument and a text containing every `parts`.
  void ExpectError(const TlsSettings& settings, std::initializer_list<std::string> parts) {
    auto ctx = TlsContext::Load(settings);
    ASSERT_FALSE(ctx);
    EXPECT_EQ(ctx.error().code, ErrorCode::kInvalidArgument);
    for (const auto& part : parts) {
      EXPECT_NE(ctx.error().public_text.find(part), std::string::npos)
          << "\"" << part << "\" not in: " << ctx.error().ToLogString();
    }
  }
  TempDir dir_;
};

TEST_F(TlsContextTest, LoadsAGeneratedCertificate) {
  auto ctx = TlsContext::Load(Settings("a.crt", "a.key"));
  ASSERT_TRUE(ctx) << ctx.error().ToLogString();
  EXPECT_NE((*ctx)->Summary().find("CN=localhost, expires 20"), std::string::npos)
      << (*ctx)->Summary();
  EXPECT_FALSE((*ctx)->RequestsClientCertificates());
}

TEST_F(TlsContextTest, MissingFilesAreNamed) {
  ExpectError(Settings("nope.crt", "a.key"),
              {"tls.certificate", (dir_ / "nope.crt").string(), "No such file"});
  ExpectError(Settings("a.crt", "nope.key"),
              {"tls.key", (dir_ / "nope.key").string(), "No such file"});
  ExpectError(TlsSettings{}, {"tls.certificate and tls.key"});
}

TEST_F(TlsContextTest, MismatchedKeyIsNamed) {
  ExpectError(Settings("a.crt", "b.key"),
              {"tls.key", (dir_ / "b.key").string(), "does not match", "a.crt"});
}

TEST_F(TlsContextTest, SwappedOrGarbageFiles) {
  std::ofstream(dir_ / "junk.pem") << "not a certificate\n";
  ExpectError(Settings("junk.pem", "a.key"), {"junk.pem", "holds no PEM certificate"});
  ExpectError(Settings("a.crt", "junk.pem"), {"junk.pem", "holds no PEM private key"});
  ExpectError(Settings("a.key", "a.crt"), {"a.key", "holds no PEM certificate"});
}

TEST_F(TlsContextTest, BadProtocolCiphersOrClientCa) {
  auto s = Settings("a.crt", "a.key");
  s.min_protocol = "1.1";
  ExpectError(s, {"tls.minprotocol", "1.1"});
  s = Settings("a.crt", "a.key");
  s.ciphers = "NO-SUCH-CIPHER";
  ExpectError(s, {"NO-SUCH-CIPHER"});
  s = Settings("a.crt", "a.key");
  s.client_ca_path = dir_ / "ca.pem";
  ExpectError(s, {"ca.pem", "No such file"});
  s.client_ca_path = dir_ / "a.key";
  ExpectError(s, {"a.key", "no PEM CA certificate"});
}

TEST_F(TlsContextTest, ChainFileWithSeveralCertificates) {
  // A leaf followed by an intermediate, as CAs deliver "fullchain.pem".
  std::ifstream a(dir_ / "a.crt"), b(dir_ / "b.crt");
  std::ofstream(dir_ / "chain.pem") << a.rdbuf() << b.rdbuf();
  auto ctx = TlsContext::Load(Settings("chain.pem", "a.key"));
  EXPECT_TRUE(ctx) << ctx.error().ToLogString();
}

TEST_F(TlsContextTest, SlotSwapsWhileHoldersKeepTheOldContext) {
  TlsContextSlot slot;
  EXPECT_EQ(slot.Get(), nullptr);
  auto first = TlsContext::Load(Settings("a.crt", "a.key"));
  ASSERT_TRUE(first);
  slot.Set(*first);
  auto held = slot.Get();  // a session that started now
  auto second = TlsContext::Load(Settings("b.crt", "b.key"));
  ASSERT_TRUE(second);
  slot.Set(*second);
  EXPECT_EQ(slot.Get(), *second);
  EXPECT_EQ(held, *first);
}

}  // namespace
}  // namespace tern::net
