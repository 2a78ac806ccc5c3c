#include "mail/envelope.h"

#include <gtest/gtest.h>

#include "mail/header.h"

namespace tern::mail {
namespace {

TEST(Envelope, TakesRawValuesAndDefaultsSenderAndReplyTo) {
  const Header h = Header::Parse(
      "Date: Fri, 21 Nov 1997 09:55:06\r\n -0600\r\n"
      "Subject: =?utf-8?q?Caf=C3=A9?=\r\n"
      "From: John Doe <jdoe@machine.example>\r\n"
      "Sender:\r\n"
      "To: Mary Smith <mary@example.net>\r\n"
      "Message-ID: <1234@local.machine.example>\r\n"
      "In-Reply-To: <a@b>\r\n\r\n");
  const Envelope e = BuildEnvelope(h);
  EXPECT_EQ(e.date, "Fri, 21 Nov 1997 09:55:06 -0600");
  EXPECT_EQ(e.subject, "=?utf-8?q?Caf=C3=A9?=");  // raw: IMAP sends it encoded
  ASSERT_EQ(e.from.size(), 1u);
  EXPECT_EQ(e.sender, e.from);    // present but empty
  EXPECT_EQ(e.reply_to, e.from);  // absent
  EXPECT_EQ(e.to.size(), 1u);
  EXPECT_TRUE(e.cc.empty());
  EXPECT_TRUE(e.bcc.empty());
  EXPECT_EQ(e.message_id, "<1234@local.machine.example>");
  EXPECT_EQ(e.in_reply_to, "<a@b>");
}

TEST(Envelope, AbsentFieldsAreNil) {
  const Envelope e = BuildEnvelope(Header::Parse("X: y\r\n"));
  EXPECT_EQ(e.date, std::nullopt);
  EXPECT_EQ(e.subject, std::nullopt);
  EXPECT_TRUE(e.from.empty());
  EXPECT_TRUE(e.sender.empty());
  EXPECT_EQ(e.message_id, std::nullopt);
}

TEST(Envelope, FirstOccurrenceWins) {
  const Envelope e = BuildEnvelope(Header::Parse("Subject: one\nSubject: two\nSender: s@x\nFrom: f@x\n"));
  EXPECT_EQ(e.subject, "one");
  ASSERT_EQ(e.sender.size(), 1u);
  EXPECT_EQ(e.sender[0].mailbox, "s");
}

}  // namespace
}  // namespace tern::mail
