// Every command ("C:") line of the examples in RFC 9051 6.x and RFC 3501 6.x, and of
// the extension RFCs Tern implements, parses to the expected command.

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using namespace std::string_literals;
using imaptest::Parse;

struct Example {
  std::string wire;
  std::string_view name;
  bool rev2 = false;
};

void ExpectParses(const std::vector<Example>& examples) {
  for (const auto& e : examples) {
    ParseContext ctx = e.rev2 ? imaptest::Rev2() : ParseContext{};
    auto r = Parse(e.wire, ctx);
    ASSERT_TRUE(r.has_value()) << e.wire << ": " << r.error().error.public_text;
    EXPECT_EQ(CommandName(r->body), e.name) << e.wire;
  }
}

const std::string kMessage =
    "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
    "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
    "Subject: afternoon meeting\r\n"
    "To: mooch@owatagu.siam.edu.example\r\n"
    "Message-Id: <B27397-0100000@Blurdybloop.example>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
    "\r\n"
    "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

TEST(RfcExamplesTest, Rfc9051) {
  ExpectParses({
      {"a001 CAPABILITY", "CAPABILITY"},
      {"a002 NOOP", "NOOP"},
      {"A023 LOGOUT", "LOGOUT"},
      {"a002 STARTTLS", "STARTTLS"},
      {"A001 AUTHENTICATE GSSAPI", "AUTHENTICATE"},
      {"A01 AUTHENTICATE PLAIN", "AUTHENTICATE"},
      {"A03 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=", "AUTHENTICATE"},
      {"A01 AUTHENTICATE EXTERNAL =", "AUTHENTICATE"},
      {"a001 LOGIN SMITH SESAME", "LOGIN"},
      {"a1 ENABLE CONDSTORE", "ENABLE"},
      {"t2 ENABLE CONDSTORE X-GOOD-IDEA", "ENABLE"},
      {"A142 SELECT INBOX", "SELECT"},
      {"A143 SELECT Drafts", "SELECT"},
      {"A932 EXAMINE blurdybloop", "EXAMINE"},
      {"A003 CREATE owatagusiam/", "CREATE"},
      {"A004 CREATE owatagusiam/blurdybloop", "CREATE"},
      {"A004 CREATE \"Sent Mail\"", "CREATE"},
      {"A005 CREATE NonNormalized", "CREATE"},
      {"A006 CREATE \"#mh/Deleted Items\"", "CREATE"},
      {"A002 CREATE \"INBOX.Sent Mail\"", "CREATE"},
      {"A683 DELETE blurdybloop", "DELETE"},
      {"A685 DELETE foo/bar", "DELETE"},
      {"A683 RENAME blurdybloop sarasoop", "RENAME"},
      {"Z433 RENAME INBOX old-mail", "RENAME"},
      {"1001 RENAME X Y", "RENAME"},
      {"1002 SUBSCRIBE Y", "SUBSCRIBE"},
      {"1003 UNSUBSCRIBE X", "UNSUBSCRIBE"},
      {"A002 SUBSCRIBE #news.comp.mail.mime", "SUBSCRIBE"},
      {"A002 UNSUBSCRIBE #news.comp.mail.mime", "UNSUBSCRIBE"},
      {"A101 LIST \"\" \"\"", "LIST"},
      {"A102 LIST #news.comp.mail.misc \"\"", "LIST"},
      {"A103 LIST /usr/staff/jones \"\"", "LIST"},
      {"A202 LIST ~/Mail/ %", "LIST"},
      {"A682 LIST \"\" *", "LIST"},
      {"A002 LIST \"\" \"#Users/%\"", "LIST"},
      {"A002 LIST \"\" \"~mark/%\"", "LIST"},
      {"A002 LIST (SPECIAL-USE) \"\" \"*\"", "LIST"},
      {"A003 LIST (SPECIAL-USE) \"#mh/\" \"*\"", "LIST"},
      {"A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))", "LIST"},
      {"A02 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (STATUS (MESSAGES))", "LIST"},
      {"A02 LIST (SUBSCRIBED) \"\" \"*\"", "LIST"},
      {"A03 LIST () \"\" \"%\" RETURN (CHILDREN)", "LIST"},
      {"A04 LIST (REMOTE) \"\" \"%\" RETURN (CHILDREN)", "LIST"},
      {"A05 LIST (REMOTE SUBSCRIBED) \"\" \"*\"", "LIST"},
      {"A06 LIST (REMOTE) \"\" \"*\" RETURN (SUBSCRIBED)", "LIST"},
      {"C04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"", "LIST"},
      {"C04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)", "LIST"},
      {"D03 LIST (RECURSIVEMATCH SUBSCRIBED) \"\" \"*2\"", "LIST"},
      {"CA3 LIST \"\" \"%\" RETURN (CHILDREN)", "LIST"},
      {"a1 LIST \"\" (\"foo\")", "LIST"},
      {"a1 LIST (REMOTE) \"\" *", "LIST"},
      {"a2 LIST () \"\" %", "LIST"},
      {"a2 LIST (SUBSCRIBED) \"\" \"foo/*\"", "LIST"},
      {"A001 NAMESPACE", "NAMESPACE"},
      {"A042 STATUS blurdybloop (UIDNEXT MESSAGES)", "STATUS"},
      {"A003 APPEND saved-messages (\\Seen) {" + std::to_string(kMessage.size()) + "}\r\n" +
           kMessage,
       "APPEND"},
      {"A003 APPEND saved-messages (\\Seen) {" + std::to_string(kMessage.size()) + "+}\r\n" +
           kMessage,
       "APPEND"},
      {"A002 IDLE", "IDLE"},
      {"A341 CLOSE", "CLOSE"},
      {"A342 UNSELECT", "UNSELECT"},
      {"A202 EXPUNGE", "EXPUNGE"},
      {"A003 UID EXPUNGE 3000:3002", "UID EXPUNGE"},
      {"A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", "SEARCH"},
      {"A283 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", "SEARCH"},
      {"A284 SEARCH TEXT \"string not in mailbox\"", "SEARCH"},
      {"A285 SEARCH CHARSET UTF-8 TEXT {12}\r\n\xd0\x9c\xd0\xb0\xd1\x88\xd0\xb8\xd0\xbd\xd0\xb0",
       "SEARCH", true},
      {"A284 SEARCH RETURN (MIN) UNSEEN", "SEARCH"},
      {"A285 UID SEARCH RETURN (MIN MAX) 1:5000", "UID SEARCH"},
      {"A286 SEARCH RETURN (COUNT) DELETED", "SEARCH"},
      {"A300 SEARCH RETURN (SAVE) SINCE 1-Jan-2004 NOT FROM \"Smith\"", "SEARCH"},
      {"A301 UID SEARCH UID $ SMALLER 4096", "UID SEARCH"},
      {"A301 UID SEARCH $ SMALLER 4096", "UID SEARCH"},
      {"B283 SEARCH RETURN (SAVE) CHARSET KOI8-R (OR $ 1,3000:3021) TEXT {4+}\r\n\xf0\xd2\xcf\xc2",
       "SEARCH"},
      {"C282 SEARCH RETURN (ALL) SINCE 12-Feb-2006 FROM \"Smith\"", "SEARCH"},
      {"C283 SEARCH RETURN (ALL SAVE) SINCE 12-Feb-2006 FROM \"Smith\"", "SEARCH"},
      {"C285 SEARCH RETURN (MAX SAVE MIN) SINCE 12-Feb-2006 FROM \"Smith\"", "SEARCH"},
      {"C286 SEARCH RETURN (MAX SAVE MIN COUNT) SINCE 12-Feb-2006 FROM \"Smith\"", "SEARCH"},
      {"F282 SEARCH RETURN (SAVE) KEYWORD $Junk", "SEARCH"},
      {"P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\nmy text!", "SEARCH", true},
      {"A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])", "FETCH"},
      {"A003 FETCH 4 ALL", "FETCH"},
      {"A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])", "FETCH"},
      {"A999 UID FETCH 4827313:4828442 FLAGS", "UID FETCH"},
      {"A003 STORE 2:4 +FLAGS (\\Deleted)", "STORE"},
      {"F284 STORE $ +FLAGS.Silent (\\Deleted)", "STORE"},
      {"A003 COPY 2:4 MEETING", "COPY"},
      {"E283 COPY $ \"Other Messages\"", "COPY"},
      {"A005 UID COPY 305:310 meeting", "UID COPY"},
      {"a UID MOVE 42:69 foo", "UID MOVE"},
  });
}

TEST(RfcExamplesTest, Rfc3501AndExtensions) {
  ExpectParses({
      {"a004 LOGIN joe password", "LOGIN"},
      {"A003 LSUB \"#news.\" \"comp.%\"", "LSUB"},
      {"A002 LSUB \"#news.\" \"comp.mail.*\"", "LSUB"},
      {"A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", "SEARCH"},
      {"A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX", "SEARCH"},
      {"A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])", "FETCH"},
      {"A003 STORE 2:4 +FLAGS (\\Deleted)", "STORE"},
      {"A202 EXPUNGE", "EXPUNGE"},
      {"A042 STATUS blurdybloop (UIDNEXT MESSAGES)", "STATUS"},
      {"A003 APPEND saved-messages (\\Seen) {" + std::to_string(kMessage.size()) + "}\r\n" +
           kMessage,
       "APPEND"},
      // RFC 3502 MULTIAPPEND
      {"A003 APPEND saved-messages (\\Seen) {" + std::to_string(kMessage.size()) + "}\r\n" +
           kMessage + " (\\Seen) \" 7-Feb-1994 22:43:04 -0800\" {" +
           std::to_string(kMessage.size()) + "}\r\n" + kMessage,
       "APPEND"},
      {"A004 APPEND bogusname (\\Flagged) {5}\r\nhello", "APPEND"},
      // RFC 6154
      {"t1 LIST \"\" \"%\" RETURN (SPECIAL-USE)", "LIST"},
      {"t2 CREATE MySpecial (USE (\\Drafts \\Sent))", "CREATE"},
      {"t3 CREATE Everything (USE (\\All))", "CREATE"},
      {"t3 LIST (SPECIAL-USE) \"\" \"*\"", "LIST"},
      // RFC 2971 ID
      {"a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music "
       "Limited\")",
       "ID"},
      {"a023 ID NIL", "ID"},
      // RFC 4315, RFC 6851, RFC 2177
      {"A004 COPY 2:4 meeting", "COPY"},
      {"A006 COPY 2 funny", "COPY"},
      {"A007 SELECT funny", "SELECT"},
      {"a UID MOVE 42:69 foo", "UID MOVE"},
      {"A004 IDLE", "IDLE"},
      // RFC 3516 BINARY
      {"t1 FETCH 1 (BINARY.PEEK[1]<0.100> BINARY.SIZE[2] BINARY[])", "FETCH"},
      {"A003 APPEND Drafts (\\Draft) ~{5}\r\nh\0llo"s, "APPEND"},
  });
}

}  // namespace
}  // namespace tern::imap::grammar
