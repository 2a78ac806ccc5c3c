#include "imap/session/fetch_render.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mail/mime_parser.h"
#include "session_test_util.h"

namespace tern::imap::session {
namespace {

using namespace std::string_literals;
using sessiontest::ParseFetchArgs;

// A multipart/mixed message shaped like the RFC 9051 6.4.5.1 example: a quoted-printable
// text part, a base64 part with a NUL, an attached message/rfc822, and a part in a
// transfer encoding Tern cannot decode.
const std::string kTopHeader =
    "From: Alice <alice@example.org>\r\n"
    "To: Bob <bob@example.org>\r\n"
    "Subject: Test\r\n"
    " folded\r\n"
    "Date: Wed, 17 Jul 1996 02:23:25 -0700\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
    "\r\n";
const std::string kPart1Mime =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n";
const std::string kPart3Mime = "Content-Type: message/rfc822\r\n\r\n";
const std::string kInnerHeader = "Subject: inner\r\nFrom: carol@example.org\r\n\r\n";
const std::string kTopBody =
    "preamble\r\n"
    "--XX\r\n" +
    kPart1Mime +
    "caf=C3=A9 =3D ok\r\n"
    "--XX\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAEC/w==\r\n"
    "--XX\r\n" +
    kPart3Mime + kInnerHeader +
    "inner body\r\n"
    "--XX\r\n"
    "Content-Type: application/x-thing\r\n"
    "Content-Transfer-Encoding: x-uuencode\r\n"
    "\r\n"
    "begin 644 x\r\n"
    "--XX--\r\n";
const std::string kMixed = kTopHeader + kTopBody;

// A message/rfc822 part whose message is multipart/alternative: nested part numbers.
const std::string kInnerMultipartHeader =
    "Subject: fwd\r\nContent-Type: multipart/alternative; boundary=\"B\"\r\n\r\n";
const std::string kInnerMultipartBody =
    "--B\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
    "--B\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--B--";
const std::string kForward =
    "Content-Type: multipart/mixed; boundary=\"A\"\r\n\r\n"
    "--A\r\nContent-Type: message/rfc822\r\n\r\n" +
    kInnerMultipartHeader + kInnerMultipartBody + "\r\n--A--\r\n";

const std::string kSimple = "From: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n";

constexpr store::UnixTime kInternalDate = 837595405;  // 17-Jul-1996 09:23:25 UTC

// A stored message: its octets, the structure parsed at delivery, and metadata.
struct Stored {
  explicit Stored(std::string octets)
      : content(std::move(octets)), structure(mail::ParseMessage(content)) {
    meta.uid = 42;
    meta.size = static_cast<int64_t>(content.size());
    meta.internal_date = kInternalDate;
  }
  std::string content;
  mail::MessageStructure structure;
  store::MessageMeta meta;
};

struct RenderOptions {
  bool with_uid = false;
  bool flags_requested = false;
};

FetchMessage Message(const Stored& s, const RenderOptions& options) {
  FetchMessage m;
  m.seq = 7;
  m.uid = s.meta.uid;
  m.flags = {"\\Seen", "\\Recent"};
  m.flags_requested = options.flags_requested;
  m.meta = &s.meta;
  m.structure = &s.structure;
  m.content = s.content;
  return m;
}

// The FETCH response for `items` as sent after "FETCH 7 ".
std::string Render(const Stored& s, std::string_view items, RenderOptions options = {}) {
  std::string out;
  Status status =
      AppendFetchResponse(out, ParseFetchArgs("7 " + std::string(items)), Message(s, options),
                          options.with_uid, response::TextMode::kAscii);
  EXPECT_TRUE(status.has_value()) << items << ": " << status.error().public_text;
  return out;
}

// "* 7 FETCH (<inner>)\r\n"
std::string Response(const std::string& inner) { return "* 7 FETCH (" + inner + ")\r\n"; }

std::string Literal(const std::string& data) {
  return "{" + std::to_string(data.size()) + "}\r\n" + data;
}

// A single-part message of `type` whose body is `encoded` in base64.
std::string Base64Message(std::string_view type, std::string_view encoded) {
  return "Content-Type: " + std::string(type) + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
         std::string(encoded);
}

constexpr std::string_view kSizeAndBinaryOfPart1 = "(BINARY.SIZE[1] BINARY.PEEK[1])";

// The response to "(BINARY.SIZE[<part>] BINARY.PEEK[<part>])" whose decoded data is
// `decoded` (no NUL in it).
std::string SizeAndBinary(const std::string& part, const std::string& decoded) {
  return Response("BINARY.SIZE[" + part + "] " + std::to_string(decoded.size()) + " BINARY[" +
                  part + "] " + Literal(decoded));
}

// SectionOctets for the section of "BODY.PEEK[<section>]".
std::optional<std::string> Octets(const Stored& s, std::string_view section) {
  const auto command = ParseFetchArgs("1 BODY.PEEK[" + std::string(section) + "]");
  if (command.items.empty()) return std::nullopt;
  return SectionOctets(std::get<grammar::FetchBody>(command.items.front()).section, s.structure,
                       s.content);
}

// --- NeedsOf ---

TEST(NeedsOf, WhatEachItemLoads) {
  struct Case {
    const char* items;
    bool metadata, structure, content, sets_seen;
  };
  const Case cases[] = {
      {"(FLAGS UID)", false, false, false, false},
      {"INTERNALDATE", true, false, false, false},
      {"RFC822.SIZE", true, false, false, false},
      {"FAST", true, false, false, false},
      {"ENVELOPE", true, true, false, false},
      {"BODY", true, true, false, false},
      {"BODYSTRUCTURE", true, true, false, false},
      {"ALL", true, true, false, false},
      {"BODY.PEEK[HEADER]", true, true, true, false},
      {"BODY[HEADER]", true, true, true, true},
      {"BODY[]<0.10>", true, true, true, true},
      {"RFC822.HEADER", true, true, true, false},  // RFC 3501: the PEEK form
      {"RFC822.TEXT", true, true, true, true},
      {"RFC822", true, true, true, true},
      {"BINARY.PEEK[1]", true, true, true, false},
      {"BINARY[1]", true, true, true, true},
      {"BINARY.SIZE[1]", true, true, true, false},
      {"(UID BODY.PEEK[TEXT] BODY[1])", true, true, true, true},
  };
  for (const auto& c : cases) {
    const FetchNeeds n = NeedsOf(ParseFetchArgs(std::string("1 ") + c.items));
    EXPECT_EQ(n.metadata, c.metadata) << c.items;
    EXPECT_EQ(n.structure, c.structure) << c.items;
    EXPECT_EQ(n.content, c.content) << c.items;
    EXPECT_EQ(n.sets_seen, c.sets_seen) << c.items;
  }
}

// --- SectionOctets (RFC 9051 6.4.5.1) ---

TEST(SectionOctets, WholeMessageHeaderAndText) {
  const Stored s(kMixed);
  EXPECT_EQ(Octets(s, ""), kMixed);
  EXPECT_EQ(Octets(s, "HEADER"), kTopHeader);
  EXPECT_EQ(Octets(s, "TEXT"), kTopBody);
}

TEST(SectionOctets, NumberedParts) {
  const Stored s(kMixed);
  // RFC 2046 5.1.1: the line break before a boundary belongs to the boundary.
  EXPECT_EQ(Octets(s, "1"), "caf=C3=A9 =3D ok");
  EXPECT_EQ(Octets(s, "1.MIME"), kPart1Mime);
  EXPECT_EQ(Octets(s, "2"), "AAEC/w==");  // still encoded: BODY does not decode
  EXPECT_EQ(Octets(s, "4"), "begin 644 x");
}

TEST(SectionOctets, AttachedMessage) {
  const Stored s(kMixed);
  EXPECT_EQ(Octets(s, "3"), kInnerHeader + "inner body");
  EXPECT_EQ(Octets(s, "3.MIME"), kPart3Mime);
  EXPECT_EQ(Octets(s, "3.HEADER"), kInnerHeader);
  EXPECT_EQ(Octets(s, "3.TEXT"), "inner body");
  // A non-multipart message has only a part 1: its body.
  EXPECT_EQ(Octets(s, "3.1"), "inner body");
  EXPECT_EQ(Octets(s, "3.HEADER.FIELDS (FROM)"), "From: carol@example.org\r\n\r\n");
}

TEST(SectionOctets, AttachedMultipartMessage) {
  // RFC 9051 6.4.5.1's "4.2", "4.2.HEADER", "4.2.TEXT", "4.2.2.1" shapes.
  const Stored s(kForward);
  EXPECT_EQ(Octets(s, "1"), kInnerMultipartHeader + kInnerMultipartBody);
  EXPECT_EQ(Octets(s, "1.HEADER"), kInnerMultipartHeader);
  EXPECT_EQ(Octets(s, "1.TEXT"), kInnerMultipartBody);
  EXPECT_EQ(Octets(s, "1.1"), "plain");
  EXPECT_EQ(Octets(s, "1.2"), "<p>html</p>");
  EXPECT_EQ(Octets(s, "1.2.MIME"), "Content-Type: text/html\r\n\r\n");
  EXPECT_EQ(Octets(s, "1.3"), std::nullopt);
}

TEST(SectionOctets, SinglePartMessageHasPartOne) {
  const Stored s(kSimple);
  EXPECT_EQ(Octets(s, "1"), "body\r\n");
  EXPECT_EQ(Octets(s, "TEXT"), "body\r\n");
  EXPECT_EQ(Octets(s, "HEADER"), "From: a@b.example\r\nSubject: hi\r\n\r\n");
  EXPECT_EQ(Octets(s, "2"), std::nullopt);
  EXPECT_EQ(Octets(s, "1.1"), std::nullopt);
}

TEST(SectionOctets, MissingPartsAreNil) {
  const Stored s(kMixed);
  EXPECT_EQ(Octets(s, "5"), std::nullopt);
  EXPECT_EQ(Octets(s, "2.1"), std::nullopt);  // a leaf has no subparts
  EXPECT_EQ(Octets(s, "3.2"), std::nullopt);
  EXPECT_EQ(Octets(s, "9.MIME"), std::nullopt);
  // HEADER and TEXT of a part that is not a message: RFC 9051 6.4.5.1 allows them only
  // after a MESSAGE/RFC822 part number; Tern answers NIL.
  EXPECT_EQ(Octets(s, "1.HEADER"), std::nullopt);
  EXPECT_EQ(Octets(s, "1.TEXT"), std::nullopt);
  EXPECT_EQ(Octets(s, "2.HEADER.FIELDS (FROM)"), std::nullopt);
}

TEST(SectionOctets, HeaderFieldsKeepOrderFoldingAndRepeats) {
  // "The field-matching is ASCII-range case insensitive"; the subset keeps the message's
  // order (not the request's), folded lines, and every instance of a repeated field; the
  // blank line is included.
  const Stored s(kMixed);
  EXPECT_EQ(Octets(s, "HEADER.FIELDS (subject TO)"),
            "To: Bob <bob@example.org>\r\nSubject: Test\r\n folded\r\n\r\n");
  EXPECT_EQ(Octets(s, "HEADER.FIELDS.NOT (Subject To Content-Type MIME-Version)"),
            "From: Alice <alice@example.org>\r\nDate: Wed, 17 Jul 1996 02:23:25 -0700\r\n\r\n");
  EXPECT_EQ(Octets(s, "HEADER.FIELDS (X-Absent)"), "\r\n");
  const Stored r("Received: from a\r\nX: 1\r\nReceived: from b\r\n\tby c\r\n\r\nbody\r\n");
  EXPECT_EQ(Octets(r, "HEADER.FIELDS (RECEIVED)"),
            "Received: from a\r\nReceived: from b\r\n\tby c\r\n\r\n");
}

TEST(SectionOctets, HeaderFieldsWithEmptyBody) {
  const Stored s("Subject: x\r\nFrom: a@b\r\n\r\n");
  EXPECT_EQ(Octets(s, "HEADER.FIELDS (SUBJECT)"), "Subject: x\r\n\r\n");
  EXPECT_EQ(Octets(s, "TEXT"), "");
}

TEST(SectionOctets, HeaderOnlyMessageWithoutBlankLine) {
  // RFC 9051 6.4.5.1: "the blank line is included in all header fetches, except in the
  // case of a message that has no body and no blank line" (also 7.5.2).
  // DISAGREES WITH THE CODE for HEADER.FIELDS: Tern always appends a blank line.
  const Stored s("Subject: x\r\nFrom: a@b\r\n");
  EXPECT_EQ(Octets(s, "HEADER"), "Subject: x\r\nFrom: a@b\r\n");
  EXPECT_EQ(Octets(s, "TEXT"), "");
  EXPECT_EQ(Octets(s, "HEADER.FIELDS (SUBJECT)"), "Subject: x\r\n");
  EXPECT_EQ(Octets(s, "HEADER.FIELDS.NOT (SUBJECT)"), "From: a@b\r\n");
}

// --- AppendFetchResponse (RFC 9051 7.5.2) ---

TEST(AppendFetchResponse, MetadataItems) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "(FLAGS UID RFC822.SIZE INTERNALDATE)"),
            Response("FLAGS (\\Seen \\Recent) UID 42 RFC822.SIZE " + std::to_string(kMixed.size()) +
                     " INTERNALDATE \"17-Jul-1996 09:23:25 +0000\""));
}

TEST(AppendFetchResponse, AppendsToWhatIsThere) {
  const Stored s(kSimple);
  std::string out = "* 6 FETCH (UID 41)\r\n";
  ASSERT_TRUE(AppendFetchResponse(out, ParseFetchArgs("7 UID"), Message(s, {}), false,
                                  response::TextMode::kAscii)
                  .has_value());
  EXPECT_EQ(out, "* 6 FETCH (UID 41)\r\n" + Response("UID 42"));
}

TEST(AppendFetchResponse, UidFetchPutsUidFirstOnce) {
  // RFC 9051 6.4.9: UID FETCH returns the UID even if not asked for.
  const Stored s(kSimple);
  const RenderOptions uid_fetch{.with_uid = true};
  EXPECT_EQ(Render(s, "FLAGS", uid_fetch), Response("UID 42 FLAGS (\\Seen \\Recent)"));
  EXPECT_EQ(Render(s, "(FLAGS UID)", uid_fetch), Response("UID 42 FLAGS (\\Seen \\Recent)"));
  EXPECT_EQ(Render(s, "(UID UID)"), Response("UID 42"));
}

TEST(AppendFetchResponse, FlagsFollowWhenSeenWasSet) {
  // RFC 9051 6.4.5: "The \Seen flag is implicitly set; if this causes the flags to
  // change, they SHOULD be included as part of the FETCH responses." Once, at the end.
  const Stored s(kSimple);
  const RenderOptions seen{.flags_requested = true};
  EXPECT_EQ(Render(s, "BODY[TEXT]", seen),
            Response("BODY[TEXT] " + Literal("body\r\n") + " FLAGS (\\Seen \\Recent)"));
  EXPECT_EQ(Render(s, "(FLAGS BODY[TEXT])", seen),
            Response("FLAGS (\\Seen \\Recent) BODY[TEXT] " + Literal("body\r\n")));
  EXPECT_EQ(Render(s, "(UID)", {.with_uid = true, .flags_requested = true}),
            Response("UID 42 FLAGS (\\Seen \\Recent)"));
}

TEST(AppendFetchResponse, BodySectionsAreNamedAsRequested) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "BODY.PEEK[]"), Response("BODY[] " + Literal(kMixed)));
  EXPECT_EQ(Render(s, "BODY[1]"), Response("BODY[1] " + Literal("caf=C3=A9 =3D ok")));
  EXPECT_EQ(Render(s, "BODY.PEEK[1.MIME]"), Response("BODY[1.MIME] " + Literal(kPart1Mime)));
  EXPECT_EQ(Render(s, "BODY[3.HEADER]"), Response("BODY[3.HEADER] " + Literal(kInnerHeader)));
  EXPECT_EQ(Render(s, "BODY[3.TEXT]"), Response("BODY[3.TEXT] " + Literal("inner body")));
  EXPECT_EQ(Render(s, "body.peek[header.fields (subject to)]"),
            Response("BODY[HEADER.FIELDS (SUBJECT TO)] " +
                     Literal("To: Bob <bob@example.org>\r\nSubject: Test\r\n folded\r\n\r\n")));
  EXPECT_EQ(Render(s, "BODY[3.HEADER.FIELDS.NOT (SUBJECT)]"),
            Response("BODY[3.HEADER.FIELDS.NOT (SUBJECT)] " +
                     Literal("From: carol@example.org\r\n\r\n")));
}

TEST(AppendFetchResponse, MissingSectionIsNil) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "(BODY[9] BODY[1.HEADER] UID)"),
            Response("BODY[9] NIL BODY[1.HEADER] NIL UID 42"));
}

TEST(AppendFetchResponse, PartialFetch) {
  const Stored s(kMixed);
  struct Case {
    const char* items;
    std::string want;
  };
  const Case cases[] = {
      {"BODY[]<0.10>", "BODY[]<0> " + Literal("From: Alic")},
      {"BODY[TEXT]<2.3>", "BODY[TEXT]<2> " + Literal("eam")},
      // "BODY[]<0.2048> of a 1500-octet message will return BODY[]<0> with a literal of
      // size 1500, not BODY[]."
      {"BODY[]<0.100000>", "BODY[]<0> " + Literal(kMixed)},
      {"BODY[1]<10.100>", "BODY[1]<10> " + Literal("=3D ok")},
      // "If the starting octet is beyond the end of the text, an empty string is returned."
      {"BODY[1]<16.5>", "BODY[1]<16> " + Literal("")},
      {"BODY[]<100000.5>", "BODY[]<100000> " + Literal("")},
      // "A substring fetch of a HEADER.FIELDS ... is calculated after subsetting."
      {"BODY.PEEK[HEADER.FIELDS (TO)]<0.6>", "BODY[HEADER.FIELDS (TO)]<0> " + Literal("To: Bo")},
  };
  for (const auto& c : cases) EXPECT_EQ(Render(s, c.items), Response(c.want)) << c.items;
}

TEST(AppendFetchResponse, Rfc822Items) {
  const Stored s(kSimple);
  EXPECT_EQ(Render(s, "RFC822"), Response("RFC822 " + Literal(kSimple)));
  EXPECT_EQ(Render(s, "RFC822.HEADER"),
            Response("RFC822.HEADER " + Literal("From: a@b.example\r\nSubject: hi\r\n\r\n")));
  EXPECT_EQ(Render(s, "RFC822.TEXT"), Response("RFC822.TEXT " + Literal("body\r\n")));
}

TEST(AppendFetchResponse, StructureItems) {
  const Stored s(kSimple);
  EXPECT_EQ(Render(s, "BODY"),
            Response("BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 6 1)"));
  EXPECT_EQ(Render(s, "BODYSTRUCTURE"),
            Response("BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL "
                     "\"7BIT\" 6 1 NIL NIL NIL NIL)"));
  EXPECT_EQ(Render(s, "ENVELOPE"),
            Response("ENVELOPE (NIL \"hi\" ((NIL NIL \"a\" \"b.example\")) "
                     "((NIL NIL \"a\" \"b.example\")) ((NIL NIL \"a\" \"b.example\")) "
                     "NIL NIL NIL NIL NIL)"));
}

// --- BINARY (RFC 3516, RFC 9051 6.4.5, 7.5.2) ---

TEST(AppendFetchResponse, BinaryDecodesQuotedPrintable) {
  const Stored s(kMixed);
  const std::string decoded = "caf\xc3\xa9 = ok";
  // 8-bit data without NUL goes in an ordinary literal (RFC 9051 7.5.2 SHOULD).
  EXPECT_EQ(Render(s, "BINARY.PEEK[1]"), Response("BINARY[1] " + Literal(decoded)));
  EXPECT_EQ(Render(s, "BINARY.SIZE[1]"), Response("BINARY.SIZE[1] 10"));
}

TEST(AppendFetchResponse, BinaryWithNulIsLiteral8) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "BINARY[2]"), Response("BINARY[2] ~{4}\r\n\0\x01\x02\xff"s));
  EXPECT_EQ(Render(s, "BINARY.SIZE[2]"), Response("BINARY.SIZE[2] 4"));
  // Only the data sent counts: a partial without the NUL is a plain literal.
  EXPECT_EQ(Render(s, "BINARY[2]<1.2>"), Response("BINARY[2]<1> " + Literal("\x01\x02")));
}

TEST(AppendFetchResponse, BinaryPartialCountsDecodedOctets) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "BINARY.PEEK[1]<3.2>"), Response("BINARY[1]<3> " + Literal("\xc3\xa9")));
  EXPECT_EQ(Render(s, "BINARY.PEEK[1]<50.2>"), Response("BINARY[1]<50> " + Literal("")));
}

TEST(AppendFetchResponse, BinaryOfASinglePartMessage) {
  const Stored s(Base64Message("application/octet-stream", "SGVs\r\nbG8K\r\n"));
  EXPECT_EQ(Render(s, kSizeAndBinaryOfPart1), SizeAndBinary("1", "Hello\n"));
}

TEST(AppendFetchResponse, BinaryOfTheWholeMessageIncludesTheHeader) {
  // RFC 9051 6.4.5.1, for "section" and "section-binary" alike: "An empty section
  // specification refers to the entire message, including the header." A 7bit message
  // needs no decoding, so BINARY[] is BODY[].
  // DISAGREES WITH THE CODE: Tern sends only the body ("body\r\n", BINARY.SIZE 6).
  const Stored s(kSimple);
  EXPECT_EQ(Render(s, "(BINARY.SIZE[] BINARY.PEEK[])"), SizeAndBinary("", kSimple));
}

TEST(AppendFetchResponse, BinaryOfTextIsSentWithCrlf) {
  // RFC 9051 7.5.2 (and RFC 3516 6): "When sending data in a BINARY[...] FETCH data item,
  // servers MUST ensure that textual line-oriented sections are always transmitted using
  // the IMAP CRLF line termination syntax, regardless of the underlying storage
  // representation". Here base64 hides bare LFs ("hello\nworld\n").
  // DISAGREES WITH THE CODE: Tern sends the decoded octets as they are (12 octets).
  const Stored s(Base64Message("text/plain", "aGVsbG8Kd29ybGQK\r\n"));
  EXPECT_EQ(Render(s, kSizeAndBinaryOfPart1), SizeAndBinary("1", "hello\r\nworld\r\n"));
}

TEST(AppendFetchResponse, BinarySizeMatchesBinaryForEveryPart) {
  // RFC 9051 7.5.2: BINARY.SIZE "MUST match the size of the <nstring> or <literal8> that
  // will be returned by the corresponding FETCH BINARY request".
  for (const std::string& message : {kMixed, kForward, kSimple}) {
    const Stored s(message);
    for (const char* part : {"1", "2", "3", "1.1", "1.2", "3.1"}) {
      const std::string size_text = Render(s, std::string("BINARY.SIZE[") + part + "]");
      const std::string binary = Render(s, std::string("BINARY.PEEK[") + part + "]");
      const std::string prefix = "* 7 FETCH (BINARY.SIZE[" + std::string(part) + "] ";
      ASSERT_EQ(size_text.rfind(prefix, 0), 0u) << size_text;
      const std::string size =
          size_text.substr(prefix.size(), size_text.size() - prefix.size() - 3);
      if (size == "NIL") {
        EXPECT_EQ(binary, Response("BINARY[" + std::string(part) + "] NIL"));
        continue;
      }
      EXPECT_NE(binary.find("{" + size + "}\r\n"), std::string::npos) << part << ": " << binary;
    }
  }
}

TEST(AppendFetchResponse, BinaryOfAMissingPartIsNil) {
  const Stored s(kMixed);
  EXPECT_EQ(Render(s, "(BINARY[9] BINARY.SIZE[9] BINARY[2.1])"),
            Response("BINARY[9] NIL BINARY.SIZE[9] NIL BINARY[2.1] NIL"));
}

TEST(AppendFetchResponse, UnknownTransferEncodingFailsAndAppendsNothing) {
  // RFC 9051 7.5.2: "If the server does not know how to decode the section's
  // Content-Transfer-Encoding, it MUST fail the request and issue a "NO" response that
  // contains the "UNKNOWN-CTE" response code."
  const Stored s(kMixed);
  for (const char* items : {"(UID BINARY[4])", "BINARY.PEEK[4]<0.3>", "(FLAGS BINARY.SIZE[4])"}) {
    std::string out = "kept";
    Status status = AppendFetchResponse(out, ParseFetchArgs(std::string("7 ") + items),
                                        Message(s, {}), true, response::TextMode::kAscii);
    ASSERT_FALSE(status.has_value()) << items;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << items;
    EXPECT_EQ(status.error().public_text.rfind("[UNKNOWN-CTE] ", 0), 0u)
        << status.error().public_text;
    EXPECT_EQ(out, "kept") << items;
  }
  // BODY sends the octets as stored: no decoding, no failure.
  EXPECT_EQ(Render(s, "BODY.PEEK[4]"), Response("BODY[4] " + Literal("begin 644 x")));
}

}  // namespace
}  // namespace tern::imap::session
