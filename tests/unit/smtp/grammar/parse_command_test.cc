#include "smtp/grammar/parse_command.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtp/grammar/reply_error.h"

namespace tern::smtp::grammar {
namespace {

// The reply line a failed parse asks for, e.g. "501 5.5.4".
std::string ReplyCode(const Result<Command>& r) {
  if (r) return "ok";
  auto e = ReplyError::FromError(r.error());
  if (!e) return "not a reply: " + r.error().public_text;
  return std::to_string(e->code) + " " + e->enhanced;
}

struct NameCase {
  std::string line;
  std::string name;
};

TEST(ParseCommandTest, EveryVerbCaseInsensitive) {
  const std::vector<NameCase> cases = {
      {"HELO mail.example.com", "HELO"},
      {"helo mail.example.com", "HELO"},
      {"EHLO mail.example.com", "EHLO"},
      {"eHlO [192.0.2.1]", "EHLO"},
      {"LHLO foo.edu", "LHLO"},
      {"MAIL FROM:<a@b.example>", "MAIL"},
      {"mail from:<>", "MAIL"},
      {"RCPT TO:<a@b.example>", "RCPT"},
      {"rcpt to:<postmaster>", "RCPT"},
      {"DATA", "DATA"},
      {"data", "DATA"},
      {"BDAT 100", "BDAT"},
      {"BDAT 0 LAST", "BDAT"},
      {"RSET", "RSET"},
      {"NOOP", "NOOP"},
      {"NOOP anything at all", "NOOP"},
      {"QUIT", "QUIT"},
      {"VRFY Smith", "VRFY"},
      {"EXPN Example-People", "EXPN"},
      {"HELP", "HELP"},
      {"HELP MAIL", "HELP"},
      {"STARTTLS", "STARTTLS"},
      {"starttls", "STARTTLS"},
      {"AUTH PLAIN", "AUTH"},
      {"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", "AUTH"},
  };
  for (const auto& c : cases) {
    auto r = ParseCommand(c.line);
    ASSERT_TRUE(r) << c.line << ": " << r.error().public_text;
    EXPECT_EQ(CommandName(*r), c.name) << c.line;
  }
}

struct BadCase {
  std::string line;
  std::string reply;  // "code enhanced"
};

TEST(ParseCommandTest, BadInputGetsTheRightReply) {
  const std::vector<BadCase> cases = {
      {"", "500 5.5.2"},
      {" ", "500 5.5.2"},
      {"FOO", "500 5.5.2"},
      {"FOO bar", "500 5.5.2"},
      {std::string("QU\0IT", 5), "500 5.5.2"},
      {"\x80\xff\x01", "500 5.5.2"},
      {" QUIT", "500 5.5.2"},
      {"MAILFROM:<a@b>", "500 5.5.2"},
      {"QUIT now", "501 5.5.4"},
      {"QUIT ", "501 5.5.4"},
      {"DATA x", "501 5.5.4"},
      {"RSET x", "501 5.5.4"},
      {"STARTTLS x", "501 5.5.4"},
      {"HELO", "501 5.5.4"},
      {"HELO ", "501 5.5.4"},
      {"EHLO", "501 5.5.4"},
      {"EHLO bad..domain", "501 5.5.4"},
      {"EHLO -bad.example", "501 5.5.4"},
      {"EHLO under_score.example", "501 5.5.4"},
      {"EHLO [300.1.1.1]", "501 5.5.4"},
      {"EHLO a b", "501 5.5.4"},
      {"LHLO", "501 5.5.4"},
      {"MAIL", "501 5.5.4"},
      {"MAIL TO:<a@b>", "501 5.5.4"},
      {"MAIL FROM:", "501 5.1.7"},
      {"MAIL FROM:a@b.example", "501 5.1.7"},
      {"MAIL FROM:<a@b.example", "501 5.1.7"},
      {"MAIL FROM:<a@b.example> ", "501 5.5.4"},
      {"MAIL FROM:<a@b.example>SIZE=1", "501 5.5.4"},
      {"MAIL FROM:  <a@b.example>", "501 5.1.7"},
      {"MAIL FROM:<a b@c.example>", "501 5.1.7"},
      {"MAIL FROM:<a@b.example> SIZE=x", "501 5.5.4"},
      {"MAIL FROM:<a@b.example> SIZE=1 SIZE=2", "501 5.5.4"},
      {"MAIL FROM:<a@b.example> BODY=9BIT", "501 5.5.4"},
      {"MAIL FROM:<postmaster>", "501 5.1.7"},
      {"MAIL FROM:<\xc3\xa9@b.example>", "550 5.6.7"},
      {"RCPT", "501 5.5.4"},
      {"RCPT FROM:<a@b>", "501 5.5.4"},
      {"RCPT TO:<>", "501 5.1.3"},
      {"RCPT TO:a@b.example", "501 5.1.3"},
      {"RCPT TO:<a@b.example> NOTIFY=SOMETIMES", "501 5.5.4"},
      {"RCPT TO:<a@b.example> NOTIFY=NEVER,SUCCESS", "501 5.5.4"},
      {"RCPT TO:<a@b.example> NOTIFY=DELAY NOTIFY=DELAY", "501 5.5.4"},
      {"RCPT TO:<a@b.example> ORCPT=nosemicolon", "501 5.5.4"},
      {"RCPT TO:<\xc3\xa9@b.example>", "553 5.6.7"},
      {"BDAT", "501 5.5.4"},
      {"BDAT x", "501 5.5.4"},
      {"BDAT -1", "501 5.5.4"},
      {"BDAT 10 FIRST", "501 5.5.4"},
      {"BDAT 10 LAST x", "501 5.5.4"},
      {"BDAT 99999999999999999999999", "501 5.5.4"},
      {"VRFY", "501 5.5.4"},
      {"VRFY ", "501 5.5.4"},
      {std::string("VRFY a\0b", 8), "501 5.5.4"},
      {"EXPN", "501 5.5.4"},
      {"NOOP ", "501 5.5.4"},
      {"HELP \x01", "501 5.5.4"},
      {"AUTH", "501 5.5.4"},
      {"AUTH ", "501 5.5.4"},
      {"AUTH PLAIN not*base64", "501 5.5.4"},
      {"AUTH PLAIN AAA=BBBB", "501 5.5.4"},
      {"AUTH PLAIN =AAA", "501 5.5.4"},
      {"AUTH PLAIN abc", "501 5.5.4"},
      {"AUTH PL@IN", "504 5.5.4"},
      {"AUTH ABCDEFGHIJKLMNOPQRSTU", "504 5.5.4"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ReplyCode(ParseCommand(c.line)), c.reply) << "line: " << c.line;
  }
}

TEST(ParseCommandTest, ErrorsAreWholeReplyLines) {
  auto r = ParseCommand("FOO");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().public_text, "500 5.5.2 Syntax error, command unrecognized");
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(ParseCommandTest, LineLengthLimits) {
  // 510 octets + CRLF = 512: the RFC 5321 4.5.3.1.4 maximum.
  std::string noop = "NOOP " + std::string(505, 'x');
  ASSERT_EQ(noop.size(), 510u);
  EXPECT_TRUE(ParseCommand(noop));
  auto too_long = ParseCommand(noop + "x");
  EXPECT_EQ(ReplyCode(too_long), "500 5.5.2");
  EXPECT_EQ(too_long.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(ReplyCode(ParseCommand(std::string(100000, 'A'))), "500 5.5.2");

  // MAIL gets the room extensions ask for: a 500-octet AUTH= parameter fits.
  std::string mail = "MAIL FROM:<a@b.example> SIZE=1000 AUTH=" + std::string(500, 'x');
  ASSERT_GT(mail.size() + 2, kMaxCommandLineLength);
  EXPECT_TRUE(ParseCommand(mail));

  // AUTH gets RFC 4954's 12288 octets.
  std::string auth = "AUTH PLAIN " + std::string(8000, 'A');
  EXPECT_TRUE(ParseCommand(auth));

  ParseOptions strict;
  strict.max_line_length = 20;
  EXPECT_EQ(ReplyCode(ParseCommand("NOOP 123456789012345", strict)), "500 5.5.2");
}

TEST(ParseCommandTest, Helo) {
  auto r = ParseCommand("HELO relay.example.org");
  ASSERT_TRUE(r);
  const auto& h = std::get<Helo>(*r);
  EXPECT_EQ(h.domain, "relay.example.org");
  EXPECT_EQ(h.domain_kind, DomainKind::kName);
  // Quirk: an address literal in HELO is accepted.
  r = ParseCommand("HELO [192.0.2.7]");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Helo>(*r).domain_kind, DomainKind::kIpv4Literal);
}

TEST(ParseCommandTest, EhloAndLhlo) {
  auto r = ParseCommand("EHLO [IPv6:2001:db8::1]");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Ehlo>(*r).domain, "[IPv6:2001:db8::1]");
  EXPECT_EQ(std::get<Ehlo>(*r).domain_kind, DomainKind::kIpv6Literal);
  // RFC 2033 4.2 example: "C: LHLO foo.edu".
  r = ParseCommand("LHLO foo.edu");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Lhlo>(*r).domain, "foo.edu");
  r = ParseCommand("EHLO localhost");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Ehlo>(*r).domain, "localhost");
}

TEST(ParseCommandTest, MailRfcExamples) {
  // RFC 5321 D.1: "C: MAIL FROM:<Smith@bar.com>"
  auto r = ParseCommand("MAIL FROM:<Smith@bar.com>");
  ASSERT_TRUE(r);
  const auto& m = std::get<Mail>(*r);
  ASSERT_TRUE(m.reverse_path);
  EXPECT_EQ(m.reverse_path->local_part, "Smith");
  EXPECT_EQ(m.reverse_path->domain, "bar.com");
  EXPECT_FALSE(m.space_after_colon);
  EXPECT_FALSE(m.params.size);
  // RFC 2033 4.2: "C: MAIL FROM:<chris@bar.com>"
  EXPECT_TRUE(ParseCommand("MAIL FROM:<chris@bar.com>"));
}

TEST(ParseCommandTest, MailNullPath) {
  auto r = ParseCommand("MAIL FROM:<>");
  ASSERT_TRUE(r);
  EXPECT_FALSE(std::get<Mail>(*r).reverse_path);
}

TEST(ParseCommandTest, MailSpaceAfterColonQuirk) {
  auto r = ParseCommand("MAIL FROM: <a@b.example> SIZE=10");
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::get<Mail>(*r).space_after_colon);
  EXPECT_EQ(std::get<Mail>(*r).params.size, 10u);
  r = ParseCommand("RCPT TO: <c@d.example>");
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::get<Rcpt>(*r).space_after_colon);
}

TEST(ParseCommandTest, MailEveryParameter) {
  auto r = ParseCommand(
      "MAIL FROM:<a@b.example> SIZE=12345 BODY=8BITMIME AUTH=e+2Bf@b.example RET=HDRS "
      "ENVID=QQ314159 X-FOO=bar X-FLAG");
  ASSERT_TRUE(r) << r.error().public_text;
  const MailParams& p = std::get<Mail>(*r).params;
  EXPECT_EQ(p.size, 12345u);
  EXPECT_EQ(p.body, BodyType::k8BitMime);
  EXPECT_EQ(p.auth, "e+f@b.example");
  EXPECT_EQ(p.ret, DsnReturn::kHeaders);
  EXPECT_EQ(p.envid, "QQ314159");
  EXPECT_FALSE(p.smtputf8);
  ASSERT_EQ(p.unknown.size(), 2u);
  EXPECT_EQ(p.unknown[0], (EsmtpParam{"X-FOO", "bar"}));
  EXPECT_EQ(p.unknown[1], (EsmtpParam{"X-FLAG", std::nullopt}));

  r = ParseCommand("MAIL FROM:<a@b.example> body=binarymime ret=full auth=<>");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Mail>(*r).params.body, BodyType::kBinaryMime);
  EXPECT_EQ(std::get<Mail>(*r).params.ret, DsnReturn::kFull);
  EXPECT_EQ(std::get<Mail>(*r).params.auth, "<>");
  r = ParseCommand("MAIL FROM:<a@b.example> BODY=7BIT");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Mail>(*r).params.body, BodyType::k7Bit);
}

TEST(ParseCommandTest, MailSmtpUtf8AllowsUtf8Sender) {
  // RFC 6531: "MAIL FROM:<用户@例子.广告> SMTPUTF8"
  std::string line =
      "MAIL FROM:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example> SMTPUTF8";
  auto r = ParseCommand(line);
  ASSERT_TRUE(r) << r.error().public_text;
  EXPECT_TRUE(std::get<Mail>(*r).params.smtputf8);
  EXPECT_TRUE(std::get<Mail>(*r).reverse_path->HasNonAscii());
  // Malformed UTF-8 stays a syntax error even with SMTPUTF8.
  EXPECT_EQ(ReplyCode(ParseCommand("MAIL FROM:<\xc3@b.example> SMTPUTF8")), "501 5.1.7");
  EXPECT_EQ(ReplyCode(ParseCommand("MAIL FROM:<a@b.example> SMTPUTF8=yes")), "501 5.5.4");
}

TEST(ParseCommandTest, RcptRfcExamples) {
  // RFC 5321 D.1: "C: RCPT TO:<Jones@foo.com>"
  auto r = ParseCommand("RCPT TO:<Jones@foo.com>");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Rcpt>(*r).forward_path.ToString(), "Jones@foo.com");
  // RFC 5321 4.1.1.3 source route: accepted and ignored.
  r = ParseCommand("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Rcpt>(*r).forward_path.ToString(), "userc@d.bar.org");
}

TEST(ParseCommandTest, RcptPostmaster) {
  for (const char* line :
       {"RCPT TO:<Postmaster>", "RCPT TO:<POSTMASTER>", "rcpt to:<postmaster>"}) {
    auto r = ParseCommand(line);
    ASSERT_TRUE(r) << line;
    EXPECT_TRUE(std::get<Rcpt>(*r).forward_path.IsBarePostmaster()) << line;
  }
  auto r = ParseCommand("RCPT TO:<Postmaster@example.org>");
  ASSERT_TRUE(r);
  EXPECT_FALSE(std::get<Rcpt>(*r).forward_path.IsBarePostmaster());
  EXPECT_EQ(std::get<Rcpt>(*r).forward_path.domain, "example.org");
}

TEST(ParseCommandTest, RcptDsnParameters) {
  // RFC 3461 6.2 style.
  auto r = ParseCommand(
      "RCPT TO:<Dana@Ivory.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana+40Ivory.example");
  ASSERT_TRUE(r) << r.error().public_text;
  const RcptParams& p = std::get<Rcpt>(*r).params;
  ASSERT_TRUE(p.notify);
  EXPECT_TRUE(p.notify->success);
  EXPECT_TRUE(p.notify->failure);
  EXPECT_FALSE(p.notify->delay);
  EXPECT_FALSE(p.notify->never);
  ASSERT_TRUE(p.orcpt);
  EXPECT_EQ(p.orcpt->addr_type, "rfc822");
  EXPECT_EQ(p.orcpt->address, "Dana@Ivory.example");
  r = ParseCommand("RCPT TO:<a@b.example> NOTIFY=never X-Y=z");
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::get<Rcpt>(*r).params.notify->never);
  EXPECT_EQ(std::get<Rcpt>(*r).params.unknown.size(), 1u);
  // A MAIL-only parameter on RCPT is unknown there, for the session to refuse with 555.
  r = ParseCommand("RCPT TO:<a@b.example> SIZE=10");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Rcpt>(*r).params.unknown.at(0).keyword, "SIZE");
}

TEST(ParseCommandTest, RcptUtf8NeedsSmtpUtf8Transaction) {
  std::string line = "RCPT TO:<\xc3\xa9t\xc3\xa9@b.example>";
  EXPECT_EQ(ReplyCode(ParseCommand(line)), "553 5.6.7");
  ParseOptions utf8;
  utf8.smtputf8 = true;
  auto r = ParseCommand(line, utf8);
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Rcpt>(*r).forward_path.local_part, "\xc3\xa9t\xc3\xa9");
}

TEST(ParseCommandTest, Bdat) {
  auto r = ParseCommand("BDAT 86 LAST");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Bdat>(*r).size, 86u);
  EXPECT_TRUE(std::get<Bdat>(*r).last);
  r = ParseCommand("bdat 18446744073709551615 last");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Bdat>(*r).size, UINT64_MAX);
  r = ParseCommand("BDAT 0");
  ASSERT_TRUE(r);
  EXPECT_FALSE(std::get<Bdat>(*r).last);
  EXPECT_EQ(ReplyCode(ParseCommand("BDAT 18446744073709551616")), "501 5.5.4");
}

TEST(ParseCommandTest, Auth) {
  auto r = ParseCommand("auth plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Auth>(*r).mechanism, "PLAIN");
  EXPECT_FALSE(std::get<Auth>(*r).initial_response);
  // RFC 4954 4: "=" is an empty initial response.
  r = ParseCommand("AUTH EXTERNAL =");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Auth>(*r).initial_response, "");
  // RFC 4954 4 example: "C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ="
  r = ParseCommand("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Auth>(*r).initial_response, "dGVzdAB0ZXN0ADEyMzQ=");
  r = ParseCommand("AUTH SCRAM-SHA-256");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Auth>(*r).mechanism, "SCRAM-SHA-256");
}

TEST(ParseCommandTest, VrfyExpnHelpKeepArguments) {
  auto r = ParseCommand("VRFY <Smith@example.org>");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Vrfy>(*r).argument, "<Smith@example.org>");
  r = ParseCommand("EXPN Example-People");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Expn>(*r).argument, "Example-People");
  r = ParseCommand("HELP");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Help>(*r).topic, "");
  r = ParseCommand("HELP RCPT");
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Help>(*r).topic, "RCPT");
}

// Every 1- and 2-octet line is either a command or a well-formed reply: nothing crashes
// and no error lacks a reply code.
TEST(ParseCommandTest, AllShortLinesGiveReplies) {
  for (int a = 0; a < 256; ++a) {
    for (int b = -1; b < 256; ++b) {
      std::string line(1, static_cast<char>(a));
      if (b >= 0) line += static_cast<char>(b);
      auto r = ParseCommand(line);
      ASSERT_FALSE(r);
      ASSERT_TRUE(ReplyError::FromError(r.error())) << r.error().public_text;
    }
  }
}

}  // namespace
}  // namespace tern::smtp::grammar
