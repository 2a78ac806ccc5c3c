#include "mail/address.h"

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

Address A(std::optional<std::string> name, std::optional<std::string> adl,
          std::optional<std::string> mailbox, std::optional<std::string> host) {
  return Address{std::move(name), std::move(adl), std::move(mailbox), std::move(host)};
}

constexpr auto N = std::nullopt;

TEST(Address, Rfc5322AppendixA) {
  // A.1.1
  EXPECT_EQ(ParseAddressList("John Doe <jdoe@machine.example>"),
            (std::vector<Address>{A("John Doe", N, "jdoe", "machine.example")}));
  // A.1.2
  EXPECT_EQ(ParseAddressList("\"Joe Q. Public\" <john.q.public@example.com>"),
            (std::vector<Address>{A("Joe Q. Public", N, "john.q.public", "example.com")}));
  EXPECT_EQ(ParseAddressList("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>"),
            (std::vector<Address>{A("Mary Smith", N, "mary", "x.test"), A(N, N, "jdoe", "example.org"),
                                  A("Who?", N, "one", "y.test")}));
  EXPECT_EQ(ParseAddressList("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>"),
            (std::vector<Address>{A(N, N, "boss", "nil.test"),
                                  A("Giant; \"Big\" Box", N, "sysservices", "example.net")}));
  // A.1.3 group
  EXPECT_EQ(ParseAddressList("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;"),
            (std::vector<Address>{A(N, N, "A Group", N), A("Ed Jones", N, "c", "a.test"),
                                  A(N, N, "joe", "where.test"), A("John", N, "jdoe", "one.test"),
                                  A(N, N, N, N)}));
  EXPECT_EQ(ParseAddressList("Undisclosed recipients:;"),
            (std::vector<Address>{A(N, N, "Undisclosed recipients", N), A(N, N, N, N)}));
}

TEST(Address, ObsoleteForms) {
  // A.6.1 obs-route and CFWS in odd places.
  EXPECT_EQ(ParseAddressList("<@relay1.example,@relay2.example:route@example.com>"),
            (std::vector<Address>{A(N, "@relay1.example,@relay2.example", "route", "example.com")}));
  EXPECT_EQ(ParseAddressList("Joe Q. Public <john.q.public@example.com>"),
            (std::vector<Address>{A("Joe Q. Public", N, "john.q.public", "example.com")}));
  // A.6.3 comments and folding
  EXPECT_EQ(ParseAddressList("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>"),
            (std::vector<Address>{A("Pete", N, "pete", "silly.test")}));
  EXPECT_EQ(ParseAddressList("john . doe @ example . com"),
            (std::vector<Address>{A(N, N, "john.doe", "example.com")}));
  // The pre-RFC 822 "addr (Name)" form.
  EXPECT_EQ(ParseAddressList("ann@example.com (Ann Example)"),
            (std::vector<Address>{A("Ann Example", N, "ann", "example.com")}));
}

TEST(Address, QuotedLocalPartsLiteralsAndEncodedNames) {
  EXPECT_EQ(ParseAddressList("\"john doe\"@example.com, x@[192.0.2.1]"),
            (std::vector<Address>{A(N, N, "\"john doe\"", "example.com"),
                                  A(N, N, "x", "[192.0.2.1]")}));
  EXPECT_EQ(ParseAddressList("=?utf-8?q?J=C3=B6rg?= <j@example.de>"),
            (std::vector<Address>{A("=?utf-8?q?J=C3=B6rg?=", N, "j", "example.de")}));
  EXPECT_EQ(ParseAddressList("\"Last,\r\n First\" <lf@example.com>"),
            (std::vector<Address>{A("Last, First", N, "lf", "example.com")}));
}

TEST(Address, GarbageNeverFailsOrLoops) {
  EXPECT_TRUE(ParseAddressList("").empty());
  EXPECT_TRUE(ParseAddressList(" , ,; ").empty());
  EXPECT_EQ(ParseAddressList("root"), (std::vector<Address>{A(N, N, "root", "")}));
  EXPECT_EQ(ParseAddressList("<>"), (std::vector<Address>{A(N, N, "", "")}));
  EXPECT_EQ(ParseAddressList("Group: a@b"),  // unterminated group is closed
            (std::vector<Address>{A(N, N, "Group", N), A(N, N, "a", "b"), A(N, N, N, N)}));
  for (const char* junk : {"<<<>>>", "@@@", ":::;;;", "\"unterminated", "(((", "a@b@c",
                           "<a@b", "x <y@z> w", "[a@b]", "\\"}) {
    const auto list = ParseAddressList(junk);
    EXPECT_LE(list.size(), 8u) << junk;
  }
}

TEST(Address, CountIsBounded) {
  std::string v;
  for (std::size_t i = 0; i < kMaxAddresses + 100; ++i) v += "a@b,";
  EXPECT_EQ(ParseAddressList(v).size(), kMaxAddresses);
}

}  // namespace
}  // namespace tern::mail
