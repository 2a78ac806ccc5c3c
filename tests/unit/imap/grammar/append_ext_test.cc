// The APPEND family's grammar: MULTIAPPEND (RFC 3502), CATENATE (RFC 4469), REPLACE
// (RFC 8508) and the APPENDLIMIT status item (RFC 7889), with the RFCs' own examples; and
// which of their literals the reader offers for streaming.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imap/grammar/command.h"
#include "imap/grammar/parse_command.h"
#include "imap/grammar/reader.h"
#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Event;
using imaptest::FeedAll;
using imaptest::Parse;
using imaptest::ParseAs;

std::string Lit(const std::string& data) {
  return "{" + std::to_string(data.size()) + "}\r\n" + data;
}

const CatenateUrl* UrlOf(const CatenatePart& p) { return std::get_if<CatenateUrl>(&p); }
const CatenateText* TextOf(const CatenatePart& p) { return std::get_if<CatenateText>(&p); }

// RFC 3502 6.3.11's example: two messages, the second with flags and a date.
TEST(AppendExtTest, MultiappendRfcExample) {
  const std::string m1 =
      "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
      "From: Fred Foobar <foobar@Blurdybloop.example.COM>\r\n"
      "Subject: afternoon meeting\r\n\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n";
  const std::string m2 =
      "Date: Mon, 7 Feb 1994 22:43:04 -0800 (PST)\r\nSubject: Re: afternoon meeting\r\n\r\n"
      "3:30 is fine with me.\r\n";
  auto a = ParseAs<AppendCommand>("A003 APPEND saved-messages (\\Seen) " + Lit(m1) +
                                  " (\\Seen) \" 7-Feb-1994 22:43:04 -0800\" " + Lit(m2));
  EXPECT_EQ(a.mailbox, "saved-messages");
  ASSERT_EQ(a.messages.size(), 2u);
  EXPECT_EQ(a.messages[0].flags, (std::vector<std::string>{"\\Seen"}));
  EXPECT_FALSE(a.messages[0].date);
  EXPECT_EQ(a.messages[0].data.bytes, m1);
  EXPECT_TRUE(a.messages[0].catenate.empty());
  ASSERT_TRUE(a.messages[1].date);
  EXPECT_EQ(a.messages[1].date->zone_minutes, -480);
  EXPECT_EQ(a.messages[1].data.bytes, m2);
  // Three messages, none with options.
  a = ParseAs<AppendCommand>("a APPEND x {1}\r\na {1}\r\nb {1}\r\nc");
  ASSERT_EQ(a.messages.size(), 3u);
  EXPECT_EQ(a.messages[2].data.bytes, "c");
  EXPECT_EQ(ErrorText("a APPEND x {1}\r\na "), "expected message literal");
  EXPECT_EQ(ErrorText("a APPEND x {1}\r\na (\\Seen)"), "missing message literal");
}

// RFC 4469 appendix A, example 1: URL and TEXT parts, sections in any case.
TEST(AppendExtTest, CatenateRfcExample1) {
  const std::string boundary = "\r\n--------------030308070208000400050907\r\n";
  const std::string last = "\r\n--------------030308070208000400050907--\r\n";
  auto a = ParseAs<AppendCommand>(
      "A003 APPEND Drafts (\\Seen \\Draft $MDNSent) CATENATE "
      "(URL \"/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER\" TEXT " + Lit(boundary) +
      " URL \"/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME\" "
      "URL \"/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1\" TEXT " + Lit(boundary) +
      " URL \"/Drafts;UIDVALIDITY=385759045/;UID=30\" TEXT " + Lit(last) + ")");
  EXPECT_EQ(a.mailbox, "Drafts");
  ASSERT_EQ(a.messages.size(), 1u);
  const AppendMessage& m = a.messages[0];
  EXPECT_EQ(m.flags, (std::vector<std::string>{"\\Seen", "\\Draft", "$MDNSent"}));
  ASSERT_EQ(m.catenate.size(), 7u);
  ASSERT_NE(UrlOf(m.catenate[0]), nullptr);
  EXPECT_EQ(UrlOf(m.catenate[0])->url, "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER");
  ASSERT_NE(TextOf(m.catenate[1]), nullptr);
  EXPECT_EQ(TextOf(m.catenate[1])->data.bytes, boundary);
  EXPECT_EQ(UrlOf(m.catenate[2])->url, "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME");
  EXPECT_EQ(UrlOf(m.catenate[3])->url, "/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1");
  EXPECT_EQ(TextOf(m.catenate[4])->data.bytes, boundary);
  EXPECT_EQ(UrlOf(m.catenate[5])->url, "/Drafts;UIDVALIDITY=385759045/;UID=30");
  EXPECT_EQ(TextOf(m.catenate[6])->data.bytes, last);
  EXPECT_EQ(m.data, LiteralData{});
}

TEST(AppendExtTest, CatenateForms) {
  // A date, lower-case keywords, a URL as a literal and as an atom.
  auto a = ParseAs<AppendCommand>(
      "a APPEND INBOX \" 7-Feb-1994 22:43:04 -0800\" catenate (text {2}\r\nhi url {9}\r\n"
      "/x/;UID=1 url /x/;UID=2)");
  ASSERT_EQ(a.messages.size(), 1u);
  ASSERT_TRUE(a.messages[0].date);
  ASSERT_EQ(a.messages[0].catenate.size(), 3u);
  EXPECT_EQ(TextOf(a.messages[0].catenate[0])->data.bytes, "hi");
  EXPECT_EQ(UrlOf(a.messages[0].catenate[1])->url, "/x/;UID=1");
  EXPECT_EQ(UrlOf(a.messages[0].catenate[2])->url, "/x/;UID=2");
  // MULTIAPPEND with a CATENATE message between plain ones (RFC 4469 1).
  a = ParseAs<AppendCommand>(
      "a APPEND INBOX {1}\r\na CATENATE (URL \"/INBOX/;UID=1\") (\\Flagged) {1}\r\nc");
  ASSERT_EQ(a.messages.size(), 3u);
  EXPECT_EQ(a.messages[0].data.bytes, "a");
  EXPECT_EQ(a.messages[1].catenate.size(), 1u);
  EXPECT_EQ(a.messages[2].flags, (std::vector<std::string>{"\\Flagged"}));
  // A mailbox named CATENATE is still a mailbox.
  a = ParseAs<AppendCommand>("a APPEND CATENATE {1}\r\nx");
  EXPECT_EQ(a.mailbox, "CATENATE");
  EXPECT_EQ(a.messages[0].data.bytes, "x");
}

TEST(AppendExtTest, CatenateErrors) {
  EXPECT_EQ(ErrorText("a APPEND x CATENATE ()"), "expected TEXT or URL");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE"), "missing CATENATE parts");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE URL \"/x/;UID=1\""),
            "expected ( before CATENATE parts");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (FOO \"/x\")"), "expected TEXT or URL");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (TEXT \"quoted\")"), "expected message literal");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (TEXT ~{1}\r\nx)"), "literal8 not allowed here");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (URL \"/x/;UID=1\""),
            "expected ) after CATENATE parts");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (URL \"/x/;UID=1\"  URL \"/y\")"),
            "expected TEXT or URL");
  EXPECT_EQ(ErrorText("a APPEND x CATENATE (URL)"), "expected SP before URL");
  // The part limit.
  std::string many = "a APPEND x CATENATE (";
  for (size_t i = 0; i <= kMaxCatenateParts; ++i) many += (i ? " " : "") + std::string("URL u");
  many += ")";
  auto r = Parse(many);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
}

// RFC 8508 3.2, 3.3 and 4.2 examples.
TEST(AppendExtTest, ReplaceRfcExamples) {
  const std::string m =
      "Date: Thu, 1 Jan 2015 00:05:00 -0500 (EST)\r\nFrom: Fritz Schmidt "
      "<fritz.ze@example.org>\r\nSubject: happy new year !!\r\n\r\n"
      "Just saw the best fireworks show. Wish you were here.\r\n";
  auto r = ParseAs<ReplaceCommand>("A003 REPLACE 4 Drafts (\\Seen \\Draft) " + Lit(m));
  EXPECT_FALSE(r.uid);
  EXPECT_EQ(r.number, (SequenceSet{{{4, 4}}, false}));
  EXPECT_EQ(r.mailbox, "Drafts");
  EXPECT_EQ(r.message.flags, (std::vector<std::string>{"\\Seen", "\\Draft"}));
  EXPECT_EQ(r.message.data.bytes, m);

  r = ParseAs<ReplaceCommand>("A004 UID REPLACE 2000 Drafts (\\Seen \\Draft) " + Lit(m));
  EXPECT_TRUE(r.uid);
  EXPECT_EQ(r.number, (SequenceSet{{{2000, 2000}}, false}));

  const std::string text = "To: Mitzy <miss.mitzy@example.org>\r\nSubject: My view of the fireworks\r\n";
  r = ParseAs<ReplaceCommand>("A011 UID REPLACE 3002 Drafts CATENATE (TEXT " + Lit(text) +
                              " URL \"/Drafts/;UID=3002\")");
  ASSERT_EQ(r.message.catenate.size(), 2u);
  EXPECT_EQ(TextOf(r.message.catenate[0])->data.bytes, text);
  EXPECT_EQ(UrlOf(r.message.catenate[1])->url, "/Drafts/;UID=3002");

  // "*", a date, lower case, a mailbox literal.
  r = ParseAs<ReplaceCommand>("a replace * {6}\r\nDrafts \" 1-Jan-2015 00:05:00 -0500\" {1}\r\nx");
  EXPECT_EQ(r.number, (SequenceSet{{{kStar, kStar}}, false}));
  EXPECT_EQ(r.mailbox, "Drafts");
  EXPECT_TRUE(r.message.date);

  auto parsed = Parse("a UID REPLACE 1 x {1}\r\ny");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(CommandName(parsed->body), "UID REPLACE");
  parsed = Parse("a REPLACE 1 x {1}\r\ny");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(CommandName(parsed->body), "REPLACE");
}

TEST(AppendExtTest, ReplaceErrors) {
  EXPECT_EQ(ErrorText("a REPLACE 1:2 x {1}\r\ny"), "REPLACE takes one message number");
  EXPECT_EQ(ErrorText("a REPLACE 1,2 x {1}\r\ny"), "REPLACE takes one message number");
  EXPECT_EQ(ErrorText("a REPLACE $ x {1}\r\ny"), "REPLACE takes one message number");
  EXPECT_TRUE(ErrorText("a REPLACE 0 x {1}\r\ny").starts_with("invalid sequence set"));
  EXPECT_EQ(ErrorText("a REPLACE 1 x"), "missing message literal");
  EXPECT_EQ(ErrorText("a REPLACE 1"), "missing mailbox name");
  EXPECT_EQ(ErrorText("a REPLACE"), "missing message number");
  // REPLACE replaces one message with one (RFC 8508 4.7).
  EXPECT_EQ(ErrorText("a REPLACE 1 x {1}\r\ny {1}\r\nz"), "unexpected data after message");
}

// RFC 7889 3.1 and 3.2.
TEST(AppendExtTest, AppendLimitStatusItem) {
  auto s = ParseAs<StatusCommand>("t1 STATUS INBOX (APPENDLIMIT)");
  EXPECT_EQ(s.items, (std::vector<StatusItem>{StatusItem::kAppendLimit}));
  s = ParseAs<StatusCommand>("t1 STATUS INBOX (MESSAGES appendlimit)", imaptest::Rev2());
  EXPECT_EQ(s.items, (std::vector<StatusItem>{StatusItem::kMessages, StatusItem::kAppendLimit}));
  auto l = ParseAs<ListCommand>("t1 LIST \"\" % RETURN (STATUS (APPENDLIMIT))");
  ASSERT_TRUE(l.return_status);
  EXPECT_EQ(*l.return_status, (std::vector<StatusItem>{StatusItem::kAppendLimit}));
}

// What the reader offers for streaming: message data (messages and TEXT parts), never the
// mailbox name or a URL.
std::vector<bool> MessageLiterals(const std::string& wire) {
  CommandReader reader;
  std::vector<bool> out;
  std::string_view in = wire;
  for (;;) {
    auto r = reader.Feed(in);
    in.remove_prefix(r.consumed);
    if (r.status == FeedStatus::kNeedLiteral) {
      out.push_back(r.literal.append_message);
      reader.AcceptLiteral();
      continue;
    }
    EXPECT_EQ(r.status, FeedStatus::kCommand) << wire;
    EXPECT_TRUE(in.empty()) << wire;
    return out;
  }
}

TEST(AppendExtTest, ReaderStreamsOnlyMessageData) {
  using V = std::vector<bool>;
  EXPECT_EQ(MessageLiterals("a APPEND {5}\r\nINBOX {1}\r\nx\r\n"), (V{false, true}));
  EXPECT_EQ(MessageLiterals("a APPEND x {1}\r\na {1}\r\nb\r\n"), (V{true, true}));
  // The mailbox may be named URL: what follows it is the message.
  EXPECT_EQ(MessageLiterals("a APPEND URL {1}\r\nx\r\n"), (V{true}));
  EXPECT_EQ(MessageLiterals("a APPEND x CATENATE (TEXT {1}\r\nx URL {5}\r\n/x/;U "
                            "url {3}\r\n/y/ TEXT {1}\r\nz)\r\n"),
            (V{true, false, false, true}));
  EXPECT_EQ(MessageLiterals("a APPEND x CATENATE (URL {5}\r\n/x/;U)\r\n"), (V{false}));
  EXPECT_EQ(MessageLiterals("a REPLACE 1 {6}\r\nDrafts {1}\r\nx\r\n"), (V{false, true}));
  EXPECT_EQ(MessageLiterals("a UID REPLACE 12 {6}\r\nDrafts {1}\r\nx\r\n"), (V{false, true}));
  EXPECT_EQ(MessageLiterals("a uid replace 12 Drafts (\\Seen) {1}\r\nx\r\n"), (V{true}));
  EXPECT_EQ(MessageLiterals("a REPLACE 1 URL {1}\r\nx\r\n"), (V{true}));
  EXPECT_EQ(MessageLiterals("a REPLACE 1 x CATENATE (URL {3}\r\n/x/ TEXT {1}\r\nx)\r\n"),
            (V{false, true}));
  // Other commands' literals are never message data.
  EXPECT_EQ(MessageLiterals("a LOGIN {1}\r\nx {1}\r\ny\r\n"), (V{false, false}));
  EXPECT_EQ(MessageLiterals("a UID FETCH 1 (BODY[HEADER.FIELDS {3}\r\nURL])\r\n"), (V{false}));
}

// Streamed TEXT parts and REPLACE messages come to the parser as stream handles.
TEST(AppendExtTest, StreamedCatenateText) {
  CommandReader reader;
  std::string input = "t1 UID REPLACE 7 Drafts CATENATE (TEXT {4}\r\nabcd URL \"/Drafts/;UID=7\")\r\n";
  std::string_view in = input;
  auto r = reader.Feed(in);
  ASSERT_EQ(r.status, FeedStatus::kNeedLiteral);
  ASSERT_TRUE(r.literal.append_message);
  in.remove_prefix(r.consumed);
  reader.StreamLiteral(3);
  in.remove_prefix(4);  // the session copies these to storage
  r = reader.Feed(in);
  ASSERT_EQ(r.status, FeedStatus::kCommand);
  auto cmd = ParseCommand(reader.TakeCommand());
  ASSERT_TRUE(cmd.has_value()) << cmd.error().error.public_text;
  const auto& replace = std::get<ReplaceCommand>(cmd->body);
  ASSERT_EQ(replace.message.catenate.size(), 2u);
  const CatenateText* text = TextOf(replace.message.catenate[0]);
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->data.stream_handle, 3u);
  EXPECT_EQ(text->data.size, 4u);
  EXPECT_TRUE(text->data.bytes.empty());
}

// The same events whatever the chunking (STYLE habit 12).
TEST(AppendExtTest, SplitAnywhere) {
  const std::string wire =
      "a1 APPEND x CATENATE (TEXT {2}\r\nhi URL {9}\r\n/x/;UID=1)\r\n"
      "a2 UID REPLACE 5 {6}\r\nDrafts (\\Seen) {3}\r\nabc\r\na3 NOOP\r\n";
  const auto whole = FeedAll(wire, {});
  ASSERT_EQ(whole.size(), 7u);
  EXPECT_EQ(whole.back(), (Event{FeedStatus::kCommand, "a3 NOOP"}));
  EXPECT_EQ(FeedAll(wire, {1}), whole);
  EXPECT_EQ(FeedAll(wire, {2, 5, 3}), whole);
}

}  // namespace
}  // namespace tern::imap::grammar
