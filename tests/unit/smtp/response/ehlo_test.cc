#include "smtp/response/ehlo.h"

#include <gtest/gtest.h>

namespace tern::smtp::response {
namespace {

TEST(EhloTest, DefaultCapabilities) {
  Capabilities caps;
  caps.size = 35882577;
  Reply r = EhloReply("mx.example.org", "Hello client.example", caps);
  // RFC 2034 3: no enhanced codes on the EHLO reply, even with enhanced codes on.
  EXPECT_EQ(r.ToWire(true),
            "250-mx.example.org Hello client.example\r\n"
            "250-PIPELINING\r\n"
            "250-SIZE 35882577\r\n"
            "250-8BITMIME\r\n"
            "250 ENHANCEDSTATUSCODES\r\n");
}

TEST(EhloTest, EveryExtension) {
  Capabilities caps;
  caps.size = 0;
  caps.binary_mime = true;
  caps.chunking = true;
  caps.dsn = true;
  caps.smtputf8 = true;
  caps.starttls = true;
  caps.auth_mechanisms = {"PLAIN", "LOGIN", "SCRAM-SHA-256"};
  caps.extra = {"X-TERN 1"};
  Reply r = EhloReply("foo.edu", "", caps);
  EXPECT_EQ(r.ToWire(),
            "250-foo.edu\r\n"
            "250-PIPELINING\r\n"
            "250-SIZE 0\r\n"
            "250-8BITMIME\r\n"
            "250-BINARYMIME\r\n"
            "250-CHUNKING\r\n"
            "250-DSN\r\n"
            "250-SMTPUTF8\r\n"
            "250-ENHANCEDSTATUSCODES\r\n"
            "250-STARTTLS\r\n"
            "250-AUTH PLAIN LOGIN SCRAM-SHA-256\r\n"
            "250 X-TERN 1\r\n");
}

TEST(EhloTest, NothingButTheDomain) {
  Capabilities none;
  none.pipelining = false;
  none.eight_bit_mime = false;
  none.enhanced_status_codes = false;
  EXPECT_EQ(EhloReply("a.example", "hi", none).ToWire(), "250 a.example hi\r\n");
  EXPECT_EQ(HeloReply("a.example", "hi").ToWire(), "250 a.example hi\r\n");
}

TEST(EhloTest, Greeting) {
  // RFC 2033 4.2: "S: 220 foo.edu LMTP server ready"
  EXPECT_EQ(Greeting("foo.edu", "LMTP server ready").ToWire(), "220 foo.edu LMTP server ready\r\n");
}

}  // namespace
}  // namespace tern::smtp::response
