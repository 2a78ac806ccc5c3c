#include "pop3/grammar/parse_command.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tern::pop3::grammar {
namespace {

Command Parse(std::string_view line) {
  auto r = ParseCommand(line);
  EXPECT_TRUE(r.has_value()) << line << ": " << (r ? "" : r.error().public_text);
  return r ? *r : Command{Noop{}};
}

struct ErrorCase {
  std::string line;
  std::string text;
};

void ExpectErrors(const std::vector<ErrorCase>& cases, const ParseOptions& options = {}) {
  for (const auto& c : cases) {
    auto r = ParseCommand(c.line, options);
    ASSERT_FALSE(r.has_value()) << testing::PrintToString(c.line) << " parsed as "
                                << CommandName(*r);
    EXPECT_EQ(r.error().public_text, c.text) << testing::PrintToString(c.line);
    EXPECT_EQ(r.error().code,
              c.text == "line too long" ? ErrorCode::kTooLarge : ErrorCode::kInvalidArgument);
  }
}

TEST(ParseCommandTest, NoArgumentCommands) {
  struct Case {
    std::string line;
    std::string_view name;
  };
  const std::vector<Case> cases = {
      {"STAT", "STAT"},
      {"stat", "STAT"},
      {"NOOP", "NOOP"},
      {"RSET", "RSET"},
      {"QUIT", "QUIT"},
      {"qUiT", "QUIT"},
      {"CAPA", "CAPA"},
      {"STLS", "STLS"},
      {"stls", "STLS"},
      {"UTF8", "UTF8"},
      {"utf8", "UTF8"},
      {"LIST", "LIST"},
      {"UIDL", "UIDL"},
      {"AUTH", "AUTH"},
      {"LANG", "LANG"},
      // Quirk: trailing spaces are tolerated.
      {"STAT ", "STAT"},
      {"NOOP   ", "NOOP"},
      {"QUIT ", "QUIT"},
  };
  for (const auto& c : cases) EXPECT_EQ(CommandName(Parse(c.line)), c.name) << c.line;
  EXPECT_TRUE(std::holds_alternative<Stat>(Parse("STAT")));
  EXPECT_TRUE(std::holds_alternative<Capa>(Parse("capa")));
  EXPECT_FALSE(std::get<List>(Parse("LIST")).msg.has_value());
  EXPECT_FALSE(std::get<Uidl>(Parse("uidl ")).msg.has_value());
}

TEST(ParseCommandTest, MessageNumbers) {
  EXPECT_EQ(std::get<List>(Parse("LIST 1")).msg, 1u);
  EXPECT_EQ(std::get<List>(Parse("list 2")).msg, 2u);
  EXPECT_EQ(std::get<Uidl>(Parse("UIDL 7")).msg, 7u);
  EXPECT_EQ(std::get<Retr>(Parse("RETR 1")).msg, 1u);
  EXPECT_EQ(std::get<Retr>(Parse("retr 2147483647")).msg, 2147483647u);
  EXPECT_EQ(std::get<Dele>(Parse("DELE 12")).msg, 12u);
  EXPECT_EQ(std::get<Dele>(Parse("DELE 007")).msg, 7u);  // 1*DIGIT allows leading zeros
  EXPECT_EQ(std::get<Retr>(Parse("RETR  3 ")).msg, 3u);  // quirk: extra spaces
  const Top top = std::get<Top>(Parse("TOP 1 10"));
  EXPECT_EQ(top.msg, 1u);
  EXPECT_EQ(top.lines, 10u);
  EXPECT_EQ(std::get<Top>(Parse("top 3 0")).lines, 0u);
  EXPECT_EQ(std::get<Top>(Parse("TOP 1 2147483647")).lines, 2147483647u);
}

TEST(ParseCommandTest, BadMessageNumbers) {
  ExpectErrors({
      {"RETR 0", "invalid message number"},
      {"RETR -1", "invalid message number"},
      {"RETR +1", "invalid message number"},
      {"RETR 1.5", "invalid message number"},
      {"RETR 1a", "invalid message number"},
      {"RETR 0x10", "invalid message number"},
      {"RETR 2147483648", "invalid message number"},
      {"RETR 99999999999999999999999", "invalid message number"},
      {"DELE 00", "invalid message number"},
      {"LIST -3", "invalid message number"},
      {"LIST +2", "invalid message number"},
      {"UIDL 4294967296", "invalid message number"},
      {"TOP 0 1", "invalid message number"},
      {"TOP x 1", "invalid message number"},
      {"TOP 1 -1", "invalid number of lines"},
      {"TOP 1 +1", "invalid number of lines"},
      {"TOP 1 1.5", "invalid number of lines"},
      {"TOP 1 2147483648", "invalid number of lines"},
      {std::string("RETR 1\0", 7), "invalid message number"},
      {"RETR \xd9\xa1", "invalid message number"},  // ARABIC-INDIC DIGIT ONE
  });
}

TEST(ParseCommandTest, ArgumentCount) {
  ExpectErrors({
      {"STAT 1", "syntax error: STAT"},
      {"NOOP x", "syntax error: NOOP"},
      {"RSET 1", "syntax error: RSET"},
      {"QUIT now", "syntax error: QUIT"},
      {"CAPA x", "syntax error: CAPA"},
      {"STLS x", "syntax error: STLS"},
      {"UTF8 on", "syntax error: UTF8"},
      {"LIST 1 2", "syntax error: LIST [msg]"},
      {"UIDL 1 2", "syntax error: UIDL [msg]"},
      {"RETR", "syntax error: RETR msg"},
      {"RETR ", "syntax error: RETR msg"},
      {"RETR 1 2", "syntax error: RETR msg"},
      {"DELE", "syntax error: DELE msg"},
      {"DELE 1 1", "syntax error: DELE msg"},
      {"TOP", "syntax error: TOP msg n"},
      {"TOP 1", "syntax error: TOP msg n"},
      {"TOP 1 2 3", "syntax error: TOP msg n"},
      {"USER", "syntax error: USER name"},
      {"USER ", "syntax error: USER name"},
      {"USER a b", "syntax error: USER name"},
      {"PASS", "syntax error: PASS password"},
      {"PASS ", "syntax error: PASS password"},
      {"APOP", "syntax error: APOP name digest"},
      {"APOP alice", "syntax error: APOP name digest"},
      {"APOP alice c4c9334bac560ecc979e58001b3e22fb x", "syntax error: APOP name digest"},
      {"AUTH PLAIN dGVzdA== x", "syntax error: AUTH [mechanism [initial-response]]"},
      {"LANG en fr", "syntax error: LANG [language]"},
  });
}

TEST(ParseCommandTest, UnknownAndBinary) {
  ExpectErrors({
      {"", "unknown command"},
      {" ", "unknown command"},
      {" STAT", "unknown command"},
      {"STATS", "unknown command"},
      {"STA", "unknown command"},
      {"XTND XMIT", "unknown command"},
      {"LAST", "unknown command"},  // RFC 1725's LAST was removed by RFC 1939
      {"STAT\t", "unknown command"},
      {std::string("ST\0T", 4), "unknown command"},
      {std::string("STAT\0", 5), "unknown command"},
      {"\xff\xfe\xfd", "unknown command"},
      {"HELO example.org", "unknown command"},
      {"GET / HTTP/1.1", "unknown command"},
  });
}

TEST(ParseCommandTest, LineLength) {
  // 255 octets with the CRLF the caller stripped: 253 here.
  const std::string user_253 = "USER " + std::string(248, 'a');
  ASSERT_EQ(user_253.size(), 253u);
  EXPECT_EQ(std::get<User>(Parse(user_253)).name.size(), 248u);
  ExpectErrors({{user_253 + "a", "line too long"},
                {std::string(100000, 'x'), "line too long"},
                {"NOOP" + std::string(300, ' '), "line too long"}});
  // A stricter session limit applies to everything but AUTH.
  ExpectErrors({{"USER abcdefghij", "line too long"}}, ParseOptions{.max_line_length = 12});
  // AUTH gets kMaxAuthLineLength.
  std::string ir(kMaxAuthLineLength - 2 - 11, 'A');
  ir.resize(ir.size() / 4 * 4);
  const std::string auth = "AUTH PLAIN " + ir;
  EXPECT_EQ(std::get<Auth>(Parse(auth)).initial_response, ir);
  ExpectErrors({{"AUTH PLAIN " + std::string(kMaxAuthLineLength, 'A'), "line too long"}});
  ExpectErrors({{"PASS " + std::string(300, 'x'), "line too long"}});
}

TEST(ParseCommandTest, User) {
  EXPECT_EQ(std::get<User>(Parse("USER alice")).name, "alice");
  EXPECT_EQ(std::get<User>(Parse("user Alice@Example.ORG")).name, "Alice@Example.ORG");
  EXPECT_EQ(std::get<User>(Parse("USER alice:v=2dl=10")).name, "alice:v=2dl=10");
  EXPECT_EQ(std::get<User>(Parse("USER  bob ")).name, "bob");
  EXPECT_EQ(std::get<User>(Parse("USER j\xc3\xb6rg")).name, "j\xc3\xb6rg");  // RFC 6856
  ExpectErrors({
      {"USER j\xf6rg", "invalid user name"},       // Latin-1, not UTF-8
      {"USER \xc0\xaf", "invalid user name"},      // overlong
      {"USER \xed\xa0\x80", "invalid user name"},  // surrogate
      {"USER a\tb", "invalid user name"},
      {std::string("USER a\0b", 8), "invalid user name"},
      {"USER a\x7f", "invalid user name"},
  });
  ExpectErrors({{"USER j\xc3\xb6rg", "invalid user name"}},
               ParseOptions{.utf8_credentials = false});
}

TEST(ParseCommandTest, PassKeepsTheRestOfTheLineExactly) {
  EXPECT_EQ(std::get<Pass>(Parse("PASS secret")).password, "secret");
  EXPECT_EQ(std::get<Pass>(Parse("pass tanstaaf")).password, "tanstaaf");
  EXPECT_EQ(std::get<Pass>(Parse("PASS correct horse battery")).password, "correct horse battery");
  EXPECT_EQ(std::get<Pass>(Parse("PASS  lead")).password, " lead");
  EXPECT_EQ(std::get<Pass>(Parse("PASS trail ")).password, "trail ");
  EXPECT_EQ(std::get<Pass>(Parse("PASS  ")).password, " ");
  EXPECT_EQ(std::get<Pass>(Parse("PASS a\tb")).password, "a\tb");
  EXPECT_EQ(std::get<Pass>(Parse("PASS P\xc3\xa4ss")).password, "P\xc3\xa4ss");
  EXPECT_EQ(std::get<Pass>(Parse("PASS [x]=:;\"'")).password, "[x]=:;\"'");
  ExpectErrors({
      {std::string("PASS a\0b", 8), "invalid password"},
      {"PASS a\rb", "invalid password"},
      {"PASS a\x7f", "invalid password"},
      {"PASS \xff", "invalid password"},
  });
  ExpectErrors({{"PASS P\xc3\xa4ss", "invalid password"}}, ParseOptions{.utf8_credentials = false});
}

TEST(ParseCommandTest, Apop) {
  // RFC 1939 7's example.
  const Apop a = std::get<Apop>(Parse("APOP mrose c4c9334bac560ecc979e58001b3e22fb"));
  EXPECT_EQ(a.name, "mrose");
  EXPECT_EQ(a.digest, "c4c9334bac560ecc979e58001b3e22fb");
  EXPECT_EQ(std::get<Apop>(Parse("apop M C4C9334BAC560ECC979E58001B3E22FB")).digest,
            "C4C9334BAC560ECC979E58001B3E22FB");
  ExpectErrors({
      {"APOP mrose c4c9334bac560ecc979e58001b3e22f", "invalid APOP digest"},
      {"APOP mrose c4c9334bac560ecc979e58001b3e22fbb", "invalid APOP digest"},
      {"APOP mrose g4c9334bac560ecc979e58001b3e22fb", "invalid APOP digest"},
      {"APOP \x01 c4c9334bac560ecc979e58001b3e22fb", "invalid user name"},
  });
}

TEST(ParseCommandTest, Auth) {
  const Auth bare = std::get<Auth>(Parse("AUTH"));
  EXPECT_FALSE(bare.mechanism.has_value());
  EXPECT_FALSE(bare.initial_response.has_value());
  const Auth plain = std::get<Auth>(Parse("AUTH PLAIN"));
  EXPECT_EQ(plain.mechanism, "PLAIN");
  EXPECT_FALSE(plain.initial_response.has_value());
  EXPECT_EQ(std::get<Auth>(Parse("auth plain")).mechanism, "PLAIN");
  EXPECT_EQ(std::get<Auth>(Parse("AUTH scram-sha-256")).mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(std::get<Auth>(Parse("AUTH X_Y-1")).mechanism, "X_Y-1");
  // RFC 5034 6's example.
  const Auth ir = std::get<Auth>(Parse("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q="));
  EXPECT_EQ(ir.initial_response, "dGVzdAB0ZXN0AHRlc3Q=");
  EXPECT_EQ(std::get<Auth>(Parse("AUTH PLAIN dGVzdA==")).initial_response, "dGVzdA==");
  EXPECT_EQ(std::get<Auth>(Parse("AUTH EXTERNAL =")).initial_response, "");
  EXPECT_EQ(std::get<Auth>(Parse("AUTH  PLAIN  AAAA ")).initial_response, "AAAA");
  ExpectErrors({
      {"AUTH PL@IN", "invalid SASL mechanism name"},
      {"AUTH ABCDEFGHIJKLMNOPQRSTU", "invalid SASL mechanism name"},  // 21 > 20
      {"AUTH \xc3\xa9", "invalid SASL mechanism name"},
      {"AUTH PLAIN dGVzdA", "invalid base64 in initial response"},
      {"AUTH PLAIN dGVzdA=", "invalid base64 in initial response"},
      {"AUTH PLAIN d=VzdA==", "invalid base64 in initial response"},
      {"AUTH PLAIN dGVz====", "invalid base64 in initial response"},
      {"AUTH PLAIN dGV*dA==", "invalid base64 in initial response"},
      {"AUTH PLAIN ==", "invalid base64 in initial response"},
      {"AUTH PLAIN *", "invalid base64 in initial response"},
  });
  EXPECT_EQ(std::get<Auth>(Parse("AUTH ABCDEFGHIJKLMNOPQRST")).mechanism, "ABCDEFGHIJKLMNOPQRST");
}

TEST(ParseCommandTest, Lang) {
  EXPECT_FALSE(std::get<Lang>(Parse("LANG")).language.has_value());
  EXPECT_EQ(std::get<Lang>(Parse("LANG *")).language, "*");
  EXPECT_EQ(std::get<Lang>(Parse("lang en")).language, "en");
  EXPECT_EQ(std::get<Lang>(Parse("LANG de-CH")).language, "de-CH");
  EXPECT_EQ(std::get<Lang>(Parse("LANG es-419")).language, "es-419");
  ExpectErrors({
      {"LANG 12", "invalid language range"},
      {"LANG en-", "invalid language range"},
      {"LANG -en", "invalid language range"},
      {"LANG abcdefghi", "invalid language range"},
      {"LANG en_US", "invalid language range"},
      {"LANG **", "invalid language range"},
  });
}

TEST(ParseCommandTest, CommandNames) {
  const std::vector<std::pair<std::string, std::string_view>> cases = {
      {"USER a", "USER"}, {"PASS a", "PASS"}, {"APOP a 0123456789abcdef0123456789abcdef", "APOP"},
      {"STAT", "STAT"},   {"LIST", "LIST"},   {"RETR 1", "RETR"},
      {"DELE 1", "DELE"}, {"NOOP", "NOOP"},   {"RSET", "RSET"},
      {"QUIT", "QUIT"},   {"TOP 1 1", "TOP"}, {"UIDL", "UIDL"},
      {"CAPA", "CAPA"},   {"STLS", "STLS"},   {"AUTH", "AUTH"},
      {"UTF8", "UTF8"},   {"LANG", "LANG"},
  };
  for (const auto& [line, name] : cases) EXPECT_EQ(CommandName(Parse(line)), name);
}

TEST(RedactForLogTest, HidesSecrets) {
  EXPECT_EQ(RedactForLog("PASS secret words"), "PASS <redacted>");
  EXPECT_EQ(RedactForLog("pass x"), "pass <redacted>");
  EXPECT_EQ(RedactForLog("PASS"), "PASS");
  EXPECT_EQ(RedactForLog("AUTH PLAIN dGVzdA=="), "AUTH PLAIN <redacted>");
  EXPECT_EQ(RedactForLog("AUTH PLAIN"), "AUTH PLAIN");
  EXPECT_EQ(RedactForLog("AUTH PLAIN "), "AUTH PLAIN ");
  EXPECT_EQ(RedactForLog("AUTH"), "AUTH");
  EXPECT_EQ(RedactForLog("USER alice"), "USER alice");
  EXPECT_EQ(RedactForLog("RETR 1"), "RETR 1");
  EXPECT_EQ(RedactForLog(std::string("X\0\x1b\x7f", 4)), "X???");
  EXPECT_EQ(RedactForLog(std::string(300, 'a')), std::string(255, 'a') + "...");
}

}  // namespace
}  // namespace tern::pop3::grammar
