#include "imap/response/envelope_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "mail/header.h"

namespace tern::imap::response {
namespace {

mail::Address Addr(std::optional<std::string> name, std::optional<std::string> adl,
                   std::optional<std::string> mailbox, std::optional<std::string> host) {
  return mail::Address{std::move(name), std::move(adl), std::move(mailbox), std::move(host)};
}

std::string Env(const mail::Envelope& e, TextMode mode = TextMode::kAscii) {
  std::string out;
  AppendEnvelope(out, e, mode);
  return out;
}

TEST(EnvelopeWriter, AllAbsentIsTenNils) {
  EXPECT_EQ(Env(mail::Envelope{}), "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
}

TEST(EnvelopeWriter, Rfc3501Example) {
  // RFC 3501 section 7.4.2 example (the FETCH ENVELOPE response).
  mail::Envelope e;
  e.date = "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)";
  e.subject = "IMAP4rev1 WG mtg summary and minutes";
  e.from = {Addr("Terry Gray", std::nullopt, "gray", "cac.washington.edu")};
  e.sender = e.from;
  e.reply_to = e.from;
  e.to = {Addr(std::nullopt, std::nullopt, "imap", "cac.washington.edu")};
  e.cc = {Addr(std::nullopt, std::nullopt, "minutes", "CNRI.Reston.VA.US"),
          Addr("John Klensin", std::nullopt, "KLENSIN", "MIT.EDU")};
  e.message_id = "<B27397-0100000@cac.washington.edu>";
  EXPECT_EQ(Env(e),
            "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            "((NIL NIL \"imap\" \"cac.washington.edu\")) "
            "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
            "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
            "\"<B27397-0100000@cac.washington.edu>\")");
}

TEST(EnvelopeWriter, SenderAndReplyToDefaultToFrom) {
  mail::Envelope e;
  e.from = {Addr("A", std::nullopt, "a", "x.org")};
  e.reply_to = {Addr(std::nullopt, std::nullopt, "r", "x.org")};
  EXPECT_EQ(Env(e),
            "(NIL NIL ((\"A\" NIL \"a\" \"x.org\")) ((\"A\" NIL \"a\" \"x.org\")) "
            "((NIL NIL \"r\" \"x.org\")) NIL NIL NIL NIL NIL)");
}

TEST(EnvelopeWriter, GroupsSourceRouteAndEmptyStrings) {
  mail::Envelope e;
  e.subject = "";
  e.to = {Addr(std::nullopt, std::nullopt, "Team", std::nullopt),
          Addr("Q \"Z\"", "@relay.example", "q", "z.example"),
          Addr(std::nullopt, std::nullopt, "local", ""),
          Addr(std::nullopt, std::nullopt, std::nullopt, std::nullopt)};
  // A group start that carried a name is still (NIL NIL "name" NIL).
  e.bcc = {Addr("ignored", std::nullopt, "undisclosed-recipients", std::nullopt),
           Addr(std::nullopt, std::nullopt, std::nullopt, std::nullopt)};
  EXPECT_EQ(
      Env(e),
      "(NIL \"\" NIL NIL NIL ((NIL NIL \"Team\" NIL)"
      "(\"Q \\\"Z\\\"\" \"@relay.example\" \"q\" \"z.example\")(NIL NIL \"local\" \"\")"
      "(NIL NIL NIL NIL)) NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL "
      "NIL)");
}

TEST(EnvelopeWriter, EightBitAndLineBreaks) {
  mail::Envelope e;
  e.subject =
      "Gr\xc3\xbc\xc3\x9f"
      "e";
  e.in_reply_to = "<a@b>\r\n <c@d>";  // a lone line break survived: never quoted
  e.from = {Addr("J\xc3\xb8ran", std::nullopt, "j", "example.com")};
  EXPECT_EQ(
      Env(e),
      "(NIL {7}\r\nGr\xc3\xbc\xc3\x9f"
      "e (("
      "{6}\r\nJ\xc3\xb8ran NIL \"j\" \"example.com\")) "
      "(({6}\r\nJ\xc3\xb8ran NIL \"j\" \"example.com\")) "
      "(({6}\r\nJ\xc3\xb8ran NIL \"j\" \"example.com\")) NIL NIL NIL {13}\r\n<a@b>\r\n <c@d> NIL)");
  EXPECT_EQ(
      Env(e, TextMode::kUtf8),
      "(NIL \"Gr\xc3\xbc\xc3\x9f"
      "e\" ((\"J\xc3\xb8ran\" NIL \"j\" \"example.com\")) "
      "((\"J\xc3\xb8ran\" NIL \"j\" \"example.com\")) "
      "((\"J\xc3\xb8ran\" NIL \"j\" \"example.com\")) NIL NIL NIL {13}\r\n<a@b>\r\n <c@d> NIL)");
}

TEST(EnvelopeWriter, FromParsedHeaderKeepsEncodedWords) {
  const mail::Header h = mail::Header::Parse(
      "Date: Fri, 21 Nov 1997 09:55:06\r\n -0600\r\n"
      "Subject: =?utf-8?q?Caf=C3=A9?=\r\n"
      "From: =?utf-8?q?Jos=C3=A9?= <jose@example.org>\r\n"
      "To: \"Doe, John\" <jd@example.org>, mary@example.net\r\n"
      "In-Reply-To: <x@y>\r\n"
      "Message-ID: <1@z>\r\n\r\n");
  EXPECT_EQ(
      Env(mail::BuildEnvelope(h)),
      "(\"Fri, 21 Nov 1997 09:55:06 -0600\" \"=?utf-8?q?Caf=C3=A9?=\" "
      "((\"=?utf-8?q?Jos=C3=A9?=\" NIL \"jose\" \"example.org\")) "
      "((\"=?utf-8?q?Jos=C3=A9?=\" NIL \"jose\" \"example.org\")) "
      "((\"=?utf-8?q?Jos=C3=A9?=\" NIL \"jose\" \"example.org\")) "
      "((\"Doe, John\" NIL \"jd\" \"example.org\")(NIL NIL \"mary\" \"example.net\")) NIL NIL "
      "\"<x@y>\" \"<1@z>\")");
}

TEST(EnvelopeWriter, AddressListAlone) {
  std::string out;
  AppendAddressList(out, {}, TextMode::kAscii);
  EXPECT_EQ(out, "NIL");
  out.clear();
  AppendAddressList(out,
                    {Addr(std::nullopt, std::nullopt, "a", "b"), Addr("N", std::nullopt, "c", "d")},
                    TextMode::kAscii);
  EXPECT_EQ(out, "((NIL NIL \"a\" \"b\")(\"N\" NIL \"c\" \"d\"))");
}

}  // namespace
}  // namespace tern::imap::response
