#include "pop3/response/capabilities.h"

#include <gtest/gtest.h>

#include <string>

namespace tern::pop3::response {
namespace {

TEST(CapabilitiesTest, Defaults) {
  EXPECT_EQ(CapaResponse({}),
            "+OK Capability list follows\r\n"
            "TOP\r\n"
            "UIDL\r\n"
            "USER\r\n"
            "RESP-CODES\r\n"
            "AUTH-RESP-CODE\r\n"
            "PIPELINING\r\n"
            ".\r\n");
}

TEST(CapabilitiesTest, Everything) {
  Capabilities c;
  c.sasl = {"PLAIN", "SCRAM-SHA-256", "EXTERNAL"};
  c.stls = true;
  c.expire = Expire{.days = std::nullopt, .per_user = false};
  c.login_delay = 900;
  c.utf8 = true;
  c.utf8_user = true;
  c.lang = true;
  c.implementation = "Tern 0.1.0";
  EXPECT_EQ(CapaResponse(c),
            "+OK Capability list follows\r\n"
            "TOP\r\n"
            "UIDL\r\n"
            "USER\r\n"
            "SASL PLAIN SCRAM-SHA-256 EXTERNAL\r\n"
            "STLS\r\n"
            "RESP-CODES\r\n"
            "AUTH-RESP-CODE\r\n"
            "PIPELINING\r\n"
            "EXPIRE NEVER\r\n"
            "LOGIN-DELAY 900\r\n"
            "UTF8 USER\r\n"
            "LANG\r\n"
            "IMPLEMENTATION Tern 0.1.0\r\n"
            ".\r\n");
}

TEST(CapabilitiesTest, ExpireAndLoginDelayForms) {
  // RFC 2449 6.7's examples.
  const std::pair<Expire, std::string> cases[] = {
      {{5, true}, "EXPIRE 5 USER\r\n"},
      {{30, false}, "EXPIRE 30\r\n"},
      {{std::nullopt, false}, "EXPIRE NEVER\r\n"},
      {{0, false}, "EXPIRE 0\r\n"},
  };
  for (const auto& [expire, line] : cases) {
    Capabilities c;
    c.expire = expire;
    EXPECT_NE(CapaResponse(c).find("\r\n" + line), std::string::npos) << line;
  }
  Capabilities c;
  c.login_delay = 0;
  c.login_delay_per_user = true;
  EXPECT_NE(CapaResponse(c).find("\r\nLOGIN-DELAY 0 USER\r\n"), std::string::npos);
}

TEST(CapabilitiesTest, OmitsAndSanitises) {
  Capabilities c;
  c.top = c.uidl = c.user = c.resp_codes = c.auth_resp_code = c.pipelining = false;
  c.utf8 = true;
  c.implementation = "";
  EXPECT_EQ(CapaResponse(c), "+OK Capability list follows\r\nUTF8\r\n.\r\n");
  c.utf8 = false;
  c.sasl = {"plain", "BAD NAME", "", "X\r\n", "ABCDEFGHIJKLMNOPQRSTU"};
  c.implementation = "Tern\r\n.\r\n";
  EXPECT_EQ(CapaResponse(c), "+OK Capability list follows\r\nIMPLEMENTATION Tern??.??\r\n.\r\n");
}

TEST(CapabilitiesTest, LinesStayWithinLimits) {
  Capabilities c;
  c.sasl.assign(100, std::string(20, 'M'));
  c.implementation = std::string(1000, 'i');
  const std::string out = CapaResponse(c);
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - start, 512u);
    start = end + 2;
  }
}

}  // namespace
}  // namespace tern::pop3::response
