#include "imap/response/bodystructure_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "mail/mime_parser.h"

namespace tern::imap::response {
namespace {

mail::Parameter Plain(std::string name, std::string value) {
  mail::Parameter p;
  p.name = std::move(name);
  p.value = value;
  p.raw_value = std::move(value);
  return p;
}

mail::Parameter Extended(std::string name, std::string value, std::string language = "",
                         std::string raw = "") {
  mail::Parameter p;
  p.name = std::move(name);
  p.value = std::move(value);
  p.raw_value = std::move(raw);
  p.charset = "utf-8";
  p.language = std::move(language);
  p.extended = true;
  return p;
}

mail::MessagePart Leaf(std::string type, std::string subtype, std::uint64_t size,
                       std::uint64_t lines = 0) {
  mail::MessagePart p;
  p.type = std::move(type);
  p.subtype = std::move(subtype);
  p.has_content_type = true;
  p.body_size = size;
  p.body_lines = lines;
  return p;
}

std::string BS(const mail::MessagePart& p, TextMode mode = TextMode::kAscii) {
  std::string out;
  AppendBodyStructure(out, p, mode);
  return out;
}

std::string Body(const mail::MessagePart& p, TextMode mode = TextMode::kAscii) {
  std::string out;
  AppendBody(out, p, mode);
  return out;
}

TEST(BodyStructureWriter, TextDefaultsCharsetAndEncoding) {
  mail::MessagePart p = Leaf("text", "plain", 3028, 92);
  EXPECT_EQ(
      BS(p),
      "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)");
  EXPECT_EQ(Body(p), "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 3028 92)");
  // Parameters without a charset: the default is added after them. An empty
  // Content-Transfer-Encoding is the default too.
  p.subtype = "html";
  p.params = {Plain("format", "flowed")};
  p.encoding = "";
  EXPECT_EQ(Body(p),
            "(\"TEXT\" \"HTML\" (\"FORMAT\" \"flowed\" \"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" "
            "3028 92)");
  // A charset present in any case is kept as written.
  p.params = {Plain("CharSet", "ISO-8859-1")};
  p.encoding = "quoted-printable";
  EXPECT_EQ(
      Body(p),
      "(\"TEXT\" \"HTML\" (\"CHARSET\" \"ISO-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 3028 92)");
}

TEST(BodyStructureWriter, BasicPartWithAllFields) {
  mail::MessagePart p = Leaf("application", "pdf", 4554);
  p.params = {Plain("name", "a \"b\".pdf")};
  p.content_id = "<id@x>";
  p.description = "Compiler diff";
  p.encoding = "base64";
  p.md5 = "Q2hlY2sgSW50ZWdyaXR5IQ==";
  p.disposition = "attachment";
  p.disposition_params = {Plain("filename", "a.pdf"), Plain("size", "4554")};
  p.language = {"en"};
  p.location = "http://example.org/a.pdf";
  EXPECT_EQ(BS(p),
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a \\\"b\\\".pdf\") \"<id@x>\" \"Compiler diff\" "
            "\"BASE64\" 4554 \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\" "
            "\"SIZE\" \"4554\")) \"en\" \"http://example.org/a.pdf\")");
  // No lines for a non-text part, and no extension data in BODY.
  EXPECT_EQ(Body(p),
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a \\\"b\\\".pdf\") \"<id@x>\" \"Compiler diff\" "
            "\"BASE64\" 4554)");
}

TEST(BodyStructureWriter, NoParametersIsNilAndLanguageLists) {
  mail::MessagePart p = Leaf("image", "png", 10);
  p.disposition = "inline";
  p.language = {"en", "de-CH"};
  EXPECT_EQ(
      BS(p),
      "(\"IMAGE\" \"PNG\" NIL NIL NIL \"7BIT\" 10 NIL (\"INLINE\" NIL) (\"en\" \"de-CH\") NIL)");
  // Disposition parameters without a disposition type are not sent.
  p.disposition.reset();
  p.disposition_params = {Plain("filename", "x.png")};
  p.language.clear();
  EXPECT_EQ(BS(p), "(\"IMAGE\" \"PNG\" NIL NIL NIL \"7BIT\" 10 NIL NIL NIL NIL)");
}

TEST(BodyStructureWriter, EightBitValues) {
  mail::MessagePart p = Leaf("text", "plain", 1, 0);
  p.params = {Plain("charset", "utf-8"), Plain("name", "\xc3\xa9t\xc3\xa9.txt")};
  p.description = "r\xc3\xa9sum\xc3\xa9";
  EXPECT_EQ(BS(p),
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\" \"NAME\" {9}\r\n\xc3\xa9t\xc3\xa9.txt) NIL "
            "{8}\r\nr\xc3\xa9sum\xc3\xa9 \"7BIT\" 1 0 NIL NIL NIL NIL)");
  EXPECT_EQ(BS(p, TextMode::kUtf8),
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\" \"NAME\" \"\xc3\xa9t\xc3\xa9.txt\") NIL "
            "\"r\xc3\xa9sum\xc3\xa9\" \"7BIT\" 1 0 NIL NIL NIL NIL)");
}

TEST(BodyStructureWriter, Rfc2231Parameters) {
  mail::MessagePart p = Leaf("application", "octet-stream", 0);
  p.disposition = "attachment";
  p.disposition_params = {
      // Continuations without "*=": joined, sent as written.
      Plain("filename", "a long name.txt"),
      // Extended but plain ASCII once decoded: sent decoded.
      Extended("title", "plain title", "", "us-ascii''plain%20title"),
      // Extended with 8-bit: re-encoded as UTF-8 (tspecials, "*", "'" and "%" too).
      Extended("x-name", "\xe2\x82\xac 1%*'(a).txt"),
      // A language tag keeps the extended form even when the value is ASCII.
      Extended("x-lang", "hello", "en"),
  };
  EXPECT_EQ(BS(p),
            "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"7BIT\" 0 NIL (\"ATTACHMENT\" ("
            "\"FILENAME\" \"a long name.txt\" \"TITLE\" \"plain title\" "
            "\"X-NAME*\" \"utf-8''%E2%82%AC%201%25%2A%27%28a%29.txt\" "
            "\"X-LANG*\" \"utf-8'en'hello\")) NIL NIL)");
  EXPECT_EQ(BS(p, TextMode::kUtf8),
            "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"7BIT\" 0 NIL (\"ATTACHMENT\" ("
            "\"FILENAME\" \"a long name.txt\" \"TITLE\" \"plain title\" "
            "\"X-NAME\" \"\xe2\x82\xac 1%*'(a).txt\" \"X-LANG*\" \"utf-8'en'hello\")) NIL NIL)");
  // A decoded value with a line break cannot be quoted even as UTF-8: extended form.
  p.disposition_params = {Extended("filename", "a\r\nb")};
  EXPECT_EQ(BS(p, TextMode::kUtf8),
            "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"7BIT\" 0 NIL (\"ATTACHMENT\" ("
            "\"FILENAME*\" \"utf-8''a%0D%0Ab\")) NIL NIL)");
}

mail::MessagePart TextChild(std::uint64_t size, std::uint64_t lines) {
  mail::MessagePart p = Leaf("text", "plain", size, lines);
  p.params = {Plain("charset", "us-ascii")};
  return p;
}

TEST(BodyStructureWriter, MultipartNestedWithExtensionData) {
  mail::MessagePart inner = Leaf("multipart", "alternative", 300, 10);
  inner.params = {Plain("boundary", "b2")};
  inner.children = {TextChild(5, 1), Leaf("text", "html", 7, 2)};
  mail::MessagePart root = Leaf("multipart", "mixed", 1000, 40);
  root.params = {Plain("boundary", "b1")};
  root.disposition = "inline";
  root.language = {"fr"};
  root.location = "loc";
  mail::MessagePart image = Leaf("image", "gif", 20);
  image.encoding = "base64";
  root.children = {inner, image};
  EXPECT_EQ(BS(root),
            "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)"
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 7 2 NIL NIL NIL NIL) "
            "\"ALTERNATIVE\" (\"BOUNDARY\" \"b2\") NIL NIL NIL)"
            "(\"IMAGE\" \"GIF\" NIL NIL NIL \"BASE64\" 20 NIL NIL NIL NIL) "
            "\"MIXED\" (\"BOUNDARY\" \"b1\") (\"INLINE\" NIL) \"fr\" \"loc\")");
  EXPECT_EQ(Body(root),
            "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 5 1)"
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 7 2) \"ALTERNATIVE\")"
            "(\"IMAGE\" \"GIF\" NIL NIL NIL \"BASE64\" 20) \"MIXED\")");
  // A multipart without parameters sends NIL for body-fld-param.
  root.params.clear();
  root.children = {TextChild(1, 0)};
  root.disposition.reset();
  root.language.clear();
  root.location.reset();
  EXPECT_EQ(BS(root),
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 1 0 NIL NIL NIL NIL) "
            "\"MIXED\" NIL NIL NIL NIL)");
}

TEST(BodyStructureWriter, EmptyMultipartGetsOneEmptyTextPart) {
  mail::MessagePart root = Leaf("multipart", "related", 50, 3);
  root.params = {Plain("boundary", "x")};
  root.opaque = true;
  EXPECT_EQ(BS(root),
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) \"RELATED\" "
            "(\"BOUNDARY\" \"x\") NIL NIL NIL)");
  EXPECT_EQ(Body(root),
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) \"RELATED\")");
}

mail::MessagePart Message(std::string subtype) {
  mail::MessagePart m = Leaf("message", std::move(subtype), 120, 6);
  mail::Envelope env;
  env.subject = "inner";
  env.from = {mail::Address{std::nullopt, std::nullopt, "a", "b.example"}};
  m.envelope = env;
  m.children = {TextChild(30, 2)};
  m.description = "fwd";
  m.disposition = "attachment";
  return m;
}

TEST(BodyStructureWriter, MessageRfc822AndGlobal) {
  const std::string env =
      "(NIL \"inner\" ((NIL NIL \"a\" \"b.example\")) ((NIL NIL \"a\" \"b.example\")) "
      "((NIL NIL \"a\" \"b.example\")) NIL NIL NIL NIL NIL)";
  EXPECT_EQ(
      BS(Message("rfc822")),
      "(\"MESSAGE\" \"RFC822\" NIL NIL \"fwd\" \"7BIT\" 120 " + env +
          " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 30 2 NIL NIL NIL NIL)"
          " 6 NIL (\"ATTACHMENT\" NIL) NIL NIL)");
  EXPECT_EQ(Body(Message("global")),
            "(\"MESSAGE\" \"GLOBAL\" NIL NIL \"fwd\" \"7BIT\" 120 " + env +
                " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 30 2) 6)");
}

TEST(BodyStructureWriter, MessageWithoutEnvelopeSendsEmptyOne) {
  mail::MessagePart m = Message("rfc822");
  m.envelope.reset();
  EXPECT_EQ(Body(m),
            "(\"MESSAGE\" \"RFC822\" NIL NIL \"fwd\" \"7BIT\" 120 "
            "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) "
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 30 2) 6)");
}

TEST(BodyStructureWriter, UnparsedMessageIsApplicationOctetStream) {
  mail::MessagePart m = Message("rfc822");
  m.children.clear();
  m.envelope.reset();
  m.encoding = "base64";
  m.params = {Plain("name", "fwd.eml")};
  EXPECT_EQ(
      BS(m),
      "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" \"fwd.eml\") NIL \"fwd\" \"BASE64\" 120 NIL "
      "(\"ATTACHMENT\" NIL) NIL NIL)");
  // message/partial and other message subtypes are basic parts of their own type.
  mail::MessagePart partial = Leaf("message", "partial", 9);
  EXPECT_EQ(Body(partial), "(\"MESSAGE\" \"PARTIAL\" NIL NIL NIL \"7BIT\" 9)");
}

TEST(BodyStructureWriter, OddTypeStringsAreQuoted) {
  mail::MessagePart p = Leaf("x-\"odd\"", "sub\\type", 0);
  EXPECT_EQ(Body(p), "(\"X-\\\"ODD\\\"\" \"SUB\\\\TYPE\" NIL NIL NIL \"7BIT\" 0)");
}

TEST(BodyStructureWriter, FromParser) {
  // RFC 3501 section 7.4.2's second example, rebuilt as a message. The first part's body
  // is "line one\r\nline two": the CRLF before the delimiter is the delimiter's, so one
  // line feed, one line (MessagePart::body_lines counts line terminators).
  const std::string msg =
      "Subject: x\r\n"
      "Content-Type: multipart/mixed; boundary=\"=b\"\r\n\r\n"
      "--=b\r\n"
      "\r\n"
      "line one\r\nline two\r\n"
      "--=b\r\n"
      "Content-Type: TEXT/Plain; Name=cc.diff; CHARSET=US-ASCII\r\n"
      "Content-ID: <960723163407.20117h@cac.washington.edu>\r\n"
      "Content-Description: Compiler diff\r\n"
      "Content-Transfer-Encoding: Base64\r\n\r\n"
      "aGVsbG8K\r\n"
      "--=b--\r\n";
  const mail::MessageStructure s = mail::ParseMessage(msg);
  EXPECT_EQ(
      Body(s.root),
      "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 18 1)"
      "(\"TEXT\" \"PLAIN\" (\"NAME\" \"cc.diff\" \"CHARSET\" \"US-ASCII\") "
      "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 8 0) \"MIXED\")");
}

}  // namespace
}  // namespace tern::imap::response
