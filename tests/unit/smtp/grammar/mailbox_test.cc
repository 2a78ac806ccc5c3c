#include "smtp/grammar/mailbox.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtp/grammar/reply_error.h"

namespace tern::smtp::grammar {
namespace {

struct DomainCase {
  std::string text;
  DomainKind kind;
};

TEST(MailboxTest, DomainsAndAddressLiterals) {
  const std::vector<DomainCase> cases = {
      {"example.org", DomainKind::kName},
      {"a", DomainKind::kName},
      {"a-b.c-d.example", DomainKind::kName},
      {"123.example", DomainKind::kName},
      {"xn--bcher-kva.example", DomainKind::kName},
      {"192.0.2.1", DomainKind::kName},  // digits are Let-dig: a valid (odd) Domain
      {"", DomainKind::kNone},
      {".", DomainKind::kNone},
      {"example.", DomainKind::kNone},
      {".example", DomainKind::kNone},
      {"a..b", DomainKind::kNone},
      {"-a.example", DomainKind::kNone},
      {"a-.example", DomainKind::kNone},
      {"a_b.example", DomainKind::kNone},
      {"a b", DomainKind::kNone},
      {std::string(63, 'a') + ".example", DomainKind::kName},
      {std::string(64, 'a') + ".example", DomainKind::kNone},
      {"[192.0.2.1]", DomainKind::kIpv4Literal},
      {"[0.0.0.0]", DomainKind::kIpv4Literal},
      {"[255.255.255.255]", DomainKind::kIpv4Literal},
      {"[256.1.1.1]", DomainKind::kNone},
      {"[1.2.3]", DomainKind::kNone},
      {"[1.2.3.4.5]", DomainKind::kNone},
      {"[1.2.3.]", DomainKind::kNone},
      {"[1234.1.1.1]", DomainKind::kNone},
      {"[]", DomainKind::kNone},
      {"[192.0.2.1", DomainKind::kNone},
      {"192.0.2.1]", DomainKind::kNone},
      {"[IPv6:2001:db8::1]", DomainKind::kIpv6Literal},
      {"[ipv6:2001:DB8::1]", DomainKind::kIpv6Literal},
      {"[IPv6:::1]", DomainKind::kIpv6Literal},
      {"[IPv6:::]", DomainKind::kIpv6Literal},
      {"[IPv6:1:2:3:4:5:6:7:8]", DomainKind::kIpv6Literal},
      {"[IPv6:1:2:3:4:5:6:7]", DomainKind::kNone},
      {"[IPv6:1:2:3:4:5:6:7:8:9]", DomainKind::kNone},
      {"[IPv6:1:2:3:4:5:6::7]", DomainKind::kNone},  // "::" plus 7 groups
      {"[IPv6:1:2:3::4:5:6]", DomainKind::kIpv6Literal},
      {"[IPv6:12345::1]", DomainKind::kNone},
      {"[IPv6:g::1]", DomainKind::kNone},
      {"[IPv6:1::2::3]", DomainKind::kNone},
      {"[IPv6:::ffff:192.0.2.1]", DomainKind::kIpv6Literal},
      {"[IPv6:1:2:3:4:5:6:192.0.2.1]", DomainKind::kIpv6Literal},
      {"[IPv6:1:2:3:4:5:192.0.2.1]", DomainKind::kNone},
      {"[IPv6:1:2:3:4::192.0.2.1]", DomainKind::kIpv6Literal},
      {"[IPv6:1:2:3:4:5::192.0.2.1]", DomainKind::kNone},
      {"[IPv6:::1.2.3.999]", DomainKind::kNone},
      {"[IPv6:]", DomainKind::kNone},
      {"[x-tag:anything]", DomainKind::kNone},  // general literals are refused
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ClassifyDomain(c.text, false), c.kind) << c.text;
  }
}

TEST(MailboxTest, DomainLengthLimit) {
  std::string name;
  while (name.size() < 250) name += "abcdefghi.";
  name += "exampl";  // 256 octets
  ASSERT_EQ(name.size(), 256u);
  EXPECT_FALSE(IsDomain(name, false));
  name.pop_back();
  EXPECT_TRUE(IsDomain(name, false));
}

TEST(MailboxTest, Utf8Domains) {
  const std::string u_label = "\xe4\xbe\x8b\xe5\xad\x90.example";  // 例子.example
  EXPECT_FALSE(IsDomain(u_label, false));
  EXPECT_TRUE(IsDomain(u_label, true));
  EXPECT_FALSE(IsDomain("\xe4\xbe.example", true));      // truncated sequence
  EXPECT_FALSE(IsDomain("\xc0\xae.example", true));      // overlong
  EXPECT_FALSE(IsDomain("\xed\xa0\x80.example", true));  // surrogate
}

struct LocalCase {
  std::string text;   // the mailbox as sent
  std::string local;  // decoded local part, or "" when invalid
  bool valid;
};

TEST(MailboxTest, LocalParts) {
  const std::vector<LocalCase> cases = {
      {"simple@example.org", "simple", true},
      {"first.last@example.org", "first.last", true},
      {"a+tag@example.org", "a+tag", true},
      {"!#$%&'*+-/=?^_`{|}~@example.org", "!#$%&'*+-/=?^_`{|}~", true},
      {"\"quoted\"@example.org", "quoted", true},
      {"\"a b\"@example.org", "a b", true},
      {"\"a\\\"b\"@example.org", "a\"b", true},
      {"\"a\\\\b\"@example.org", "a\\b", true},
      {"\"\"@example.org", "", true},
      {"\"a@b\"@example.org", "a@b", true},
      {"a@[192.0.2.1]", "a", true},
      {".a@example.org", "", false},
      {"a.@example.org", "", false},
      {"a..b@example.org", "", false},
      {"a b@example.org", "", false},
      {"a\"b@example.org", "", false},
      {"@example.org", "", false},
      {"a@", "", false},
      {"a", "", false},
      {"a@b@c", "", false},
      {"\"unterminated@example.org", "", false},
      {"\"a\\\x01\"@example.org", "", false},
      {"\"a\x7f\"@example.org", "", false},
      {std::string("a\0b@example.org", 15), "", false},
      {std::string(64, 'x') + "@example.org", std::string(64, 'x'), true},
      {std::string(65, 'x') + "@example.org", "", false},
  };
  for (const auto& c : cases) {
    auto r = ParseMailbox(c.text, AddressRole::kRecipient, false);
    EXPECT_EQ(r.has_value(), c.valid) << c.text;
    if (r && c.valid) {
      EXPECT_EQ(r->local_part, c.local) << c.text;
    }
    if (!r && !c.valid) {
      auto e = ReplyError::FromError(r.error());
      ASSERT_TRUE(e);
      EXPECT_EQ(e->code, 501) << c.text;
      EXPECT_EQ(e->enhanced, "5.1.3") << c.text;
    }
  }
}

TEST(MailboxTest, SenderErrorsUseSenderCode) {
  auto r = ParseMailbox("bad..dots@example.org", AddressRole::kSender, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(ReplyError::FromError(r.error())->enhanced, "5.1.7");
}

TEST(MailboxTest, ToStringRequotesWhenNeeded) {
  auto r = ParseMailbox("\"john\"@example.org", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ToString(), "john@example.org");  // quoted forms are equivalent
  r = ParseMailbox("\"a b\\\"c\"@example.org", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ToString(), "\"a b\\\"c\"@example.org");
  r = ParseMailbox("\"\"@example.org", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ToString(), "\"\"@example.org");
}

TEST(MailboxTest, Utf8LocalParts) {
  const std::string addr = "\xe7\x94\xa8\xe6\x88\xb7@example.org";  // 用户@example.org
  auto strict = ParseMailbox(addr, AddressRole::kRecipient, false);
  ASSERT_FALSE(strict);
  EXPECT_EQ(ReplyError::FromError(strict.error())->code, 553);
  auto r = ParseMailbox(addr, AddressRole::kRecipient, true);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->HasNonAscii());
  EXPECT_TRUE(ParseMailbox("\"\xc3\xa9 x\"@example.org", AddressRole::kRecipient, true));
  // Invalid UTF-8 is a syntax error, not a 5.6.7.
  auto bad = ParseMailbox("\xff@example.org", AddressRole::kRecipient, false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(ReplyError::FromError(bad.error())->code, 501);
}

}  // namespace
}  // namespace tern::smtp::grammar
