// The string keys of SEARCH (RFC 9051 6.4.4): FROM/TO/CC/BCC/SUBJECT/HEADER on decoded
// header fields, BODY on decoded text parts, TEXT on both; multipart, attached
// messages, transfer encodings, charsets, and hostile structures.

#include <gtest/gtest.h>

#include "imap/search/matcher.h"
#include "search_test_util.h"

namespace tern::imap::search {
namespace {

using testing::ExpectMatches;
using testing::Match;
using testing::TestMessage;

const TestMessage& Simple() {
  static const TestMessage m(
      "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.org>\n"
      "To: Alice <alice@example.com>, \"Bob Builder\" <bob@example.net>\n"
      "Cc: carol@example.com\n"
      "Subject: =?UTF-8?B?w5xiZXJzaWNodCDDvGJlciBkaWUgV29jaGU=?=\n"  // Übersicht über die Woche
      "Subject: second subject\n"
      "Date: Mon, 31 Dec 2012 23:30:00 -0800\n"
      "Message-ID: <abc@example.org>\n"
      "Received: from hop1\n"
      "Received: from hop2\n"
      "X-Folded: first line\n"
      " second line\n"
      "X-Empty:\n"
      "\n"
      "Hello Wörld, plain body.\n");
  return m;
}

TEST(TextKeysTest, AddressFieldsMatchTheDecodedFieldText) {
  const TestMessage& m = Simple();
  ExpectMatches(m, {
                       {"FROM \"Müller\"", true},         // decoded display name
                       {"FROM \"JÜRGEN MÜLLER\"", true},  // upper case beyond ASCII
                       {"FROM jm@EXAMPLE.org", true},     // the address itself
                       {"FROM =?ISO-8859-1?Q?", false},   // not the raw encoded word
                       {"FROM alice", false},
                       {"TO \"bob builder\"", true},
                       {"TO alice@example.com", true},
                       {"TO carol", false},
                       {"CC carol", true},
                       {"CC bob", false},
                       {"BCC example", false},  // no Bcc field
                       {"BCC \"\"", false},     // "" needs the field to exist
                       {"FROM \"\"", true},
                   });
}

TEST(TextKeysTest, SubjectIsTheFirstDecodedSubject) {
  const TestMessage& m = Simple();
  ExpectMatches(m, {
                       {"SUBJECT \"ÜBERSICHT\"", true},
                       {"SUBJECT \"über die woche\"", true},
                       {"SUBJECT w5xi", false},  // the base64 is not searched
                   });
  // The ENVELOPE shows the first Subject:, so SUBJECT searches that one only ...
  EXPECT_FALSE(Match("SUBJECT second", m));
  // ... while HEADER searches every field of the name.
  EXPECT_TRUE(Match("HEADER Subject second", m));
}

TEST(TextKeysTest, Header) {
  const TestMessage& m = Simple();
  ExpectMatches(m, {
                       {"HEADER Message-ID <abc@", true},
                       {"HEADER message-id \"\"", true},
                       {"HEADER X-Empty \"\"", true},  // present but empty
                       {"HEADER X-Empty a", false},
                       {"HEADER X-Missing \"\"", false},
                       {"HEADER Received hop2", true},
                       {"HEADER RECEIVED HOP1", true},
                       {"HEADER X-Folded \"first line second line\"", true},  // unfolded
                       {"HEADER X-Folded \"X-Folded\"", false},  // the value, not the name
                       {"HEADER From \"Jürgen\"", true},         // decoded too
                       {"HEADER Subject plain", false},
                   });
}

TEST(TextKeysTest, BodyAndText) {
  const TestMessage& m = Simple();
  ExpectMatches(m, {
                       {"BODY \"wÖRLD, PLAIN\"", true},
                       {"BODY Subject", false},  // BODY has no header fields
                       {"BODY hop1", false},
                       {"BODY \"\"", true},
                       {"TEXT \"Übersicht\"", true},        // a decoded header
                       {"TEXT \"x-folded: first\"", true},  // field name and value
                       {"TEXT \"plain body\"", true},
                       {"TEXT \"body. hello\"", false},
                       {"TEXT \"\"", true},
                   });
}

TEST(TextKeysTest, HeaderOnlyKeysWorkOnTheWholeMessageToo) {
  // A session that has the whole message at hand may pass it for Needs::kHeader.
  const TestMessage& m = Simple();
  const Matcher matcher = testing::Compile("SUBJECT woche NOT HEADER Subject plain");
  ASSERT_EQ(matcher.needs(), Needs::kHeader);
  const Candidate c{1, &m.meta, false, m.raw, nullptr};
  EXPECT_TRUE(matcher.Matches(c, {}));
}

// A mixed message: QP latin-1 text, base64 HTML, a binary attachment, an attached
// message, a preamble and an epilogue.
const TestMessage& Mixed() {
  static const TestMessage m(
      "From: a@example.org\n"
      "Subject: multi\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\n"
      "\n"
      "secret-preamble\n"
      "--b1\n"
      "Content-Type: text/plain; charset=iso-8859-1\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "Gr=FC=DFe aus K=F6ln, sch=\n"
      "=F6n\n"
      "--b1\n"
      "Content-Type: text/html; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "PHA+Q2FmJmVhY3V0ZTsgPGI+WsO8cmljaDwvYj48L3A+DQo=\n"  // <p>Caf&eacute; <b>Zürich</b></p>
      "--b1\n"
      "Content-Type: application/octet-stream\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "YmluYXJ5LW5lZWRsZQ0K\n"  // binary-needle
      "--b1\n"
      "Content-Type: message/rfc822\n"
      "\n"
      "From: inner@example.net\n"
      "Subject: =?UTF-8?Q?Inner_=E2=82=AC_sign?=\n"
      "Content-Type: multipart/alternative; boundary=b2\n"
      "\n"
      "--b2\n"
      "Content-Type: text/plain\n"
      "\n"
      "Inner body with a Kiwi.\n"
      "--b2--\n"
      "--b1--\n"
      "secret-epilogue\n");
  return m;
}

TEST(TextKeysTest, BodySearchesDecodedTextParts) {
  const TestMessage& m = Mixed();
  ExpectMatches(m, {
                       {"BODY \"Grüße aus Köln\"", true},  // QP + latin-1
                       {"BODY \"kÖLN, SCHön\"", true},     // across a soft line break
                       {"BODY =FC", false},                // not the encoded form
                       {"BODY \"<b>zürich</b>\"", true},   // base64 HTML, tags and all
                       {"BODY PHA+", false},
                       {"BODY kiwi", true},  // text part of the attached message
                   });
  // Not searched: the binary attachment, preamble and epilogue, any header.
  ExpectMatches(m, {
                       {"BODY binary-needle", false},
                       {"TEXT binary-needle", false},
                       {"BODY YmluYXJ5", false},
                       {"TEXT secret-preamble", false},
                       {"TEXT secret-epilogue", false},
                       {"BODY inner@example.net", false},
                       {"BODY quoted-printable", false},
                   });
}

TEST(TextKeysTest, TextSearchesEveryHeaderBlock) {
  const TestMessage& m = Mixed();
  ExpectMatches(m,
                {
                    {"TEXT \"content-transfer-encoding: quoted-printable\"", true},  // MIME header
                    {"TEXT message/rfc822", true},
                    {"TEXT inner@example.net", true},  // the attached message's header
                    {"TEXT \"inner € sign\"", true},   // decoded there too
                    {"TEXT kiwi", true},
                });
  // The envelope keys look at the top-level header only.
  ExpectMatches(m, {
                       {"SUBJECT inner", false},
                       {"FROM inner", false},
                       {"HEADER Content-Type multipart/mixed", true},
                       {"HEADER Content-Type multipart/alternative", false},
                   });
}

TEST(TextKeysTest, Base64TextBody) {
  const TestMessage m(
      "Subject: b64\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "Q2VjaSBlc3QgdW4gcsOpc3Vtw6kNCg==\n");  // Ceci est un résumé
  ExpectMatches(m, {
                       {"BODY \"RÉSUMÉ\"", true},
                       {"BODY \"ceci est un r\"", true},
                       {"BODY Q2VjaSBl", false},
                       {"BODY resume", false},  // no accent folding
                   });
}

TEST(TextKeysTest, UnknownBodyCharsetStillSearches) {
  // Mail is full of unknown charset labels; valid UTF-8 is read as such, anything else
  // as windows-1252 (mail::ConvertToUtf8).
  const TestMessage utf8("Content-Type: text/plain; charset=x-unknown\n\ncafé crème\n");
  EXPECT_TRUE(Match("BODY \"CAFÉ CRÈME\"", utf8));
  const TestMessage latin("Content-Type: text/plain; charset=x-unknown\n\ncaf\xE9 cr\xE8me\n");
  EXPECT_TRUE(Match("BODY \"café crème\"", latin));
  const TestMessage no_type("Subject: none\n\nDefault TEXT/PLAIN body\n");  // RFC 2045 5.2
  EXPECT_TRUE(Match("BODY \"text/plain\"", no_type));
}

TEST(TextKeysTest, EncodedWordVariants) {
  const TestMessage m(
      "Subject: =?iso-8859-15?q?Preis:_100_=A4?= =?UTF-8?Q?_und_mehr?=\n"
      "From: =?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@example.ru>\n"  // Иван Петров
      "X-Raw-Utf8: Straße\n"                                                // RFC 6532 raw UTF-8
      "\n.\n");
  ExpectMatches(m, {
                       {"SUBJECT \"preis: 100 € und mehr\"", true},  // words joined
                       {"FROM \"иван пет\"", true},
                       {"HEADER X-Raw-Utf8 \"STRAßE\"", true},
                   });
}

TEST(TextKeysTest, StructureIsOptional) {
  // Without a cached structure the message is parsed when a body key needs it.
  const TestMessage& m = Mixed();
  const Matcher matcher = testing::Compile("BODY kiwi TEXT inner@example.net");
  const Candidate c{1, &m.meta, false, m.raw, nullptr};
  EXPECT_TRUE(matcher.Matches(c, {}));
  EXPECT_FALSE(testing::Compile("BODY binary-needle").Matches(c, {}));
}

TEST(TextKeysTest, HostileStructureIsClampedNotRead) {
  const TestMessage& m = Mixed();
  const Matcher body = testing::Compile("BODY kiwi");
  const Matcher text = testing::Compile("TEXT anything");
  // A structure whose offsets point far beyond the message.
  mail::MessageStructure wild = m.structure;
  wild.root.header_offset = ~std::uint64_t{0} - 5;
  wild.root.header_size = 100;
  for (mail::MessagePart& p : wild.root.children) {
    p.body_offset = m.raw.size() - 3;
    p.body_size = ~std::uint64_t{0};
    p.header_offset = 1ull << 60;
    p.type = "text";
    p.children.clear();
  }
  Candidate c{1, &m.meta, false, m.raw, &wild};
  EXPECT_FALSE(body.Matches(c, {}));
  EXPECT_FALSE(text.Matches(c, {}));
  // The structure of another, longer message over a short one.
  const TestMessage tiny("S: x\n\n.\n");
  c.meta = &tiny.meta;
  c.message = tiny.raw;
  c.structure = &m.structure;
  EXPECT_FALSE(body.Matches(c, {}));
  EXPECT_FALSE(text.Matches(c, {}));
  // Nothing loaded at all.
  c.message = {};
  c.structure = nullptr;
  EXPECT_FALSE(body.Matches(c, {}));
  EXPECT_TRUE(testing::Compile("NOT SUBJECT x").Matches(c, {}));
}

TEST(TextKeysTest, DeepTree) {
  // As deep as a cached structure can be (DeserializeStructure allows kMaxMimeDepth + 8).
  const std::string raw = "Content-Type: text/plain\r\n\r\nneedle\r\n";
  mail::MessageStructure s;
  mail::MessagePart* cur = &s.root;
  for (std::size_t i = 0; i < mail::kMaxMimeDepth + 8; ++i) {
    cur->type = "multipart";
    cur->children.emplace_back();
    cur = &cur->children.back();
  }
  cur->header_size = 28;
  cur->body_offset = 28;
  cur->body_size = raw.size() - 28;
  store::MessageMeta meta;
  const Candidate c{1, &meta, false, raw, &s};
  EXPECT_TRUE(testing::Compile("BODY NEEDLE").Matches(c, {}));
  EXPECT_TRUE(testing::Compile("TEXT \"content-type: text/plain\"").Matches(c, {}));
  EXPECT_FALSE(testing::Compile("BODY content-type").Matches(c, {}));
}

// The index's stored text (Matcher::MatchesStoredText) decides BODY and TEXT, and a
// header key only when its needle is nowhere in the header text: which field holds it
// is not in that text. Keys it cannot answer leave the message to be read.
TEST(TextKeysTest, StoredTextDecidesWhatItCan) {
  const TestMessage m(
      "From: Zoe <zoe@example.org>\nSubject: Hello World\nDate: Mon, 31 Dec 2012 23:30:00 -0800\n"
      "\nZanzibarite inside\n");
  const auto decided = [&](const Matcher& matcher) -> std::optional<bool> {
    Candidate c;
    c.seq = 1;
    c.meta = &m.meta;
    return matcher.MatchesStoredText(c, {}, testing::StoredTextFound(matcher, m.raw, m.structure));
  };
  const auto program = [&](const std::string& p) { return decided(testing::Compile(p)); };
  EXPECT_EQ(program("BODY zanzibarite"), true);
  EXPECT_EQ(program("BODY hello"), false);  // in the header only
  EXPECT_EQ(program("TEXT hello"), true);
  EXPECT_EQ(program("TEXT \"world zanz\""), false);  // header and body are apart
  EXPECT_EQ(program("NOT TEXT \"world zanz\""), true);
  EXPECT_EQ(program("SUBJECT zanzibarite"), false);  // nowhere in the header
  EXPECT_EQ(program("SUBJECT zoe"), std::nullopt);   // in the header: which field?
  EXPECT_EQ(program("OR SUBJECT zoe BODY inside"), true);
  EXPECT_EQ(program("NOT SUBJECT zoe"), std::nullopt);
  EXPECT_EQ(program("SUBJECT hello BODY elsewhere"), false);
  EXPECT_EQ(program("BODY zanzibarite SENTBEFORE 1-Jan-2000"), std::nullopt);
  EXPECT_EQ(program("BODY zanzibarite SEEN"), false);  // flags still count

  // Needles the stored text cannot answer: empty, spanning a line end (pieces are joined
  // by one there), U+FFFD (the extractor's stand-in for bytes that are not UTF-8).
  const auto terms = [](std::string needle) {
    grammar::SearchKey key;
    key.kind = grammar::SearchKeyKind::kBody;
    key.value = std::move(needle);
    return Matcher::Create(key, std::nullopt)->stored_text_terms().size();
  };
  EXPECT_EQ(terms(""), 0u);
  EXPECT_EQ(terms("inside\nzanzibarite"), 0u);
  EXPECT_EQ(terms("\xEF\xBF\xBD"), 0u);
  EXPECT_EQ(terms("Zanzibarite"), 1u);
  EXPECT_EQ(testing::Compile("OR BODY abc BODY ABC").stored_text_terms().size(), 1u);
  EXPECT_EQ(testing::Compile("BODY abc TEXT abc SUBJECT abc").stored_text_terms().size(), 3u);
}

}  // namespace
}  // namespace tern::imap::search
