#include "pop3/grammar/login_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tern::pop3::grammar {
namespace {

LoginOptions Opts(std::string_view text) {
  auto r = ParseLoginOptions(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().public_text);
  return r ? *r : LoginOptions{};
}

TEST(LoginOptionsTest, ValidCombinations) {
  struct Case {
    std::string login;
    std::string user;
    std::string canonical;  // FormatLoginOptions of the result
  };
  const std::vector<Case> cases = {
      {"alice", "alice", ""},
      {"alice@example.org", "alice@example.org", ""},
      {"alice:v=2dl=10", "alice", "v=2dl=10"},
      {"alice:V=2DL=10", "alice", "v=2dl=10"},
      {"alice:d", "alice", "d"},
      {"alice:p", "alice", "p"},
      {"alice:dp", "alice", "dp"},  // both allowed: purge wins (docs)
      {"alice:pd", "alice", "dp"},
      {"alice:n", "alice", "n"},
      {"alice:m", "alice", "m"},
      {"alice:s", "alice", "s"},
      {"alice:S", "alice", "s"},
      {"alice:v=1", "alice", "v=1"},
      {"alice:v=31", "alice", "v=31"},
      {"alice:v=031", "alice", "v=31"},
      {"alice:t=1", "alice", "t=1"},
      {"alice:t=1000", "alice", "t=1000"},
      {"alice:l=1", "alice", "l=1"},
      {"alice:L=1000", "alice", "l=1000"},
      {"alice:l=5sv=3ndt=7p", "alice", "v=3dpt=7nsl=5"},
      {"a.b-c_d@x.example:v=9", "a.b-c_d@x.example", "v=9"},
  };
  for (const auto& c : cases) {
    auto r = SplitLoginOptions(c.login, ':');
    ASSERT_TRUE(r.has_value()) << c.login << ": " << r.error().public_text;
    EXPECT_EQ(r->user, c.user) << c.login;
    EXPECT_EQ(FormatLoginOptions(r->options), c.canonical) << c.login;
    EXPECT_EQ(r->options.IsEmpty(), c.canonical.empty()) << c.login;
    if (!c.canonical.empty()) {
      EXPECT_EQ(Opts(c.canonical), r->options) << c.login;
    }
  }
}

TEST(LoginOptionsTest, Fields) {
  const LoginOptions o = Opts("v=2dpt=30nsl=10");
  EXPECT_EQ(o.view, 2);
  EXPECT_TRUE(o.delete_after);
  EXPECT_TRUE(o.purge_after);
  EXPECT_EQ(o.days, 30);
  EXPECT_TRUE(o.plain);
  EXPECT_FALSE(o.mime);
  EXPECT_TRUE(o.artificial_size);
  EXPECT_EQ(o.limit, 10);
  const LoginOptions none;
  EXPECT_TRUE(none.IsEmpty());
  EXPECT_FALSE(none.view || none.days || none.limit);
  EXPECT_FALSE(none.plain || none.mime || none.delete_after || none.purge_after);
  EXPECT_TRUE(Opts("m").mime);
  EXPECT_FALSE(Opts("m").plain);
}

TEST(LoginOptionsTest, BadForms) {
  struct Case {
    std::string login;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"", "empty user name"},
      {":v=1", "empty user name"},
      {"alice:", "missing login options after ':'"},
      {"alice:x", "invalid login option 'x'"},
      {"alice:dx", "invalid login option 'x'"},
      {"alice:d ", "invalid login option ' '"},
      {"alice: d", "invalid login option ' '"},
      {"alice:1", "invalid login option '1'"},
      {"alice:=", "invalid login option '='"},
      {"alice:d:p", "invalid login option ':'"},  // first ':' splits; the second is bad
      {std::string("alice:d\0", 8), "invalid login option '?'"},
      {"alice:\xc3\xa9", "invalid login option '?'"},
      {"alice:v", "login option 'v' must be v=1..31"},
      {"alice:v=", "login option 'v' must be v=1..31"},
      {"alice:v2", "login option 'v' must be v=1..31"},
      {"alice:v=0", "login option 'v' must be v=1..31"},
      {"alice:v=32", "login option 'v' must be v=1..31"},
      {"alice:v=-1", "login option 'v' must be v=1..31"},
      {"alice:v=+1", "login option 'v' must be v=1..31"},
      {"alice:v=99999999999999999999", "login option 'v' must be v=1..31"},
      {"alice:t=0", "login option 't' must be t=1..1000"},
      {"alice:t=1001", "login option 't' must be t=1..1000"},
      {"alice:T=x", "login option 't' must be t=1..1000"},
      {"alice:l=0", "login option 'l' must be l=1..1000"},
      {"alice:l=1001", "login option 'l' must be l=1..1000"},
      {"alice:l=1.5", "invalid login option '.'"},  // l=1, then '.'
      {"alice:dd", "login option 'd' given twice"},
      {"alice:dD", "login option 'd' given twice"},
      {"alice:pp", "login option 'p' given twice"},
      {"alice:ss", "login option 's' given twice"},
      {"alice:nn", "login option 'n' given twice"},
      {"alice:mm", "login option 'm' given twice"},
      {"alice:v=1v=2", "login option 'v' given twice"},
      {"alice:t=1T=1", "login option 't' given twice"},
      {"alice:l=1dl=1", "login option 'l' given twice"},
      {"alice:nm", "login options 'n' and 'm' exclude each other"},
      {"alice:mn", "login options 'n' and 'm' exclude each other"},
      {"alice:Nm", "login options 'n' and 'm' exclude each other"},
  };
  for (const auto& c : cases) {
    auto r = SplitLoginOptions(c.login, ':');
    ASSERT_FALSE(r.has_value()) << testing::PrintToString(c.login);
    EXPECT_EQ(r.error().public_text, c.text) << testing::PrintToString(c.login);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(ParseLoginOptions("").has_value());
}

TEST(LoginOptionsTest, SeparatorChoices) {
  for (char sep : {':', '/', '#', '%', '+', '!', '~', '|', ';', ',', '$', '&', '='}) {
    ASSERT_TRUE(IsValidLoginSeparator(sep)) << sep;
    const std::string login = std::string("bob") + sep + "v=4d";
    auto r = SplitLoginOptions(login, sep);
    ASSERT_TRUE(r.has_value()) << sep;
    EXPECT_EQ(r->user, "bob");
    EXPECT_EQ(r->options.view, 4);
    EXPECT_TRUE(r->options.delete_after);
  }
  // '=' works too: the first one splits.
  auto eq = SplitLoginOptions("bob=v=2", '=');
  ASSERT_TRUE(eq.has_value());
  EXPECT_EQ(eq->user, "bob");
  EXPECT_EQ(eq->options.view, 2);
  // With '#' as separator, ':' is an ordinary user-name character.
  auto r = SplitLoginOptions("a:b#s", '#');
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->user, "a:b");
  EXPECT_TRUE(r->options.artificial_size);
  // The default separator is ':'.
  EXPECT_EQ(SplitLoginOptions("carol:s")->user, "carol");
  for (char sep : {'a', 'Z', '0', '9', ' ', '\t', '\0', '\x7f', '\x80'}) {
    EXPECT_FALSE(IsValidLoginSeparator(sep)) << static_cast<int>(sep);
    auto bad = SplitLoginOptions("bob", sep);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().public_text, "invalid login separator");
  }
}

TEST(LoginOptionsTest, FirstSeparatorSplits) {
  auto r = SplitLoginOptions("alice:d:p", '/');
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->user, "alice:d:p");  // no '/': no options
  auto two = SplitLoginOptions("alice/d/p", '/');
  ASSERT_FALSE(two.has_value());
  EXPECT_EQ(two.error().public_text, "invalid login option '/'");
}

TEST(LoginOptionsTest, FormatIsCanonical) {
  EXPECT_EQ(FormatLoginOptions({}), "");
  LoginOptions o;
  o.limit = 7;
  o.mime = true;
  o.view = 12;
  EXPECT_EQ(FormatLoginOptions(o), "v=12ml=7");
  EXPECT_EQ(Opts(FormatLoginOptions(o)), o);
}

TEST(LoginOptionsTest, MergeGivenOverDefaults) {
  const LoginOptions defaults = Opts("v=1dt=30nl=100");
  EXPECT_EQ(Merge(defaults, {}), defaults);
  EXPECT_EQ(Merge({}, defaults), defaults);
  EXPECT_EQ(FormatLoginOptions(Merge(defaults, Opts("v=5"))), "v=5dt=30nl=100");
  EXPECT_EQ(FormatLoginOptions(Merge(defaults, Opts("m"))), "v=1dt=30ml=100");
  EXPECT_EQ(FormatLoginOptions(Merge(defaults, Opts("t=2l=3"))), "v=1dt=2nl=3");
  EXPECT_EQ(FormatLoginOptions(Merge(defaults, Opts("ps"))), "v=1dpt=30nsl=100");
  // Flags have no "off" form: a default flag stays.
  EXPECT_TRUE(Merge(Opts("s"), Opts("v=2")).artificial_size);
  EXPECT_EQ(FormatLoginOptions(Merge(Opts("m"), Opts("n"))), "n");
  EXPECT_EQ(FormatLoginOptions(Merge(Opts("n"), Opts("d"))), "dn");
}

}  // namespace
}  // namespace tern::pop3::grammar
