// RFC 8970 preview text (mail/preview.h): which part, decoding, HTML, white space, the
// length limit, and the "" of a message without text.
#include "mail/preview.h"

#include <gtest/gtest.h>

#include "base/utf8.h"
#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

std::string Preview(const std::string& raw) { return MakePreview(raw, ParseMessage(raw)); }

TEST(PreviewTest, PlainTextWhiteSpaceCollapsed) {
  EXPECT_EQ(Preview("Subject: a\r\n\r\n  Hello,\r\n\r\n\tthis is\r\n  the text.  \r\n"),
            "Hello, this is the text.");
}

TEST(PreviewTest, FirstTextPartOfMultipart) {
  const std::string raw =
      "Content-Type: multipart/alternative; boundary=B\r\n\r\n"
      "--B\r\nContent-Type: text/plain\r\n\r\nPlain version\r\n"
      "--B\r\nContent-Type: text/html\r\n\r\n<p>HTML version</p>\r\n--B--\r\n";
  EXPECT_EQ(Preview(raw), "Plain version");
  const std::string mixed =
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
      "--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0=\r\n"
      "--B\r\nContent-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\nnotes.txt\r\n"
      "--B\r\nContent-Type: text/plain\r\n\r\nThe body\r\n--B--\r\n";
  EXPECT_EQ(Preview(mixed), "The body");
}

TEST(PreviewTest, HtmlStripped) {
  const std::string raw =
      "Content-Type: text/html; charset=utf-8\r\n\r\n"
      "<html><head><title>T</title><style>p { color: red; }</style></head>"
      "<body><!-- note --><p>Caf&eacute; &amp; <b>bar</b>&nbsp;&lt;3</p><div>next&#33;"
      "&#x263A;</div><script>var x = '<p>';</script></body></html>\r\n";
  // &eacute; is not among the references decoded: kept as written.
  EXPECT_EQ(Preview(raw), "Caf&eacute; & bar <3 next!\xE2\x98\xBA");
}

TEST(PreviewTest, TransferEncodingsAndCharsets) {
  EXPECT_EQ(Preview("Content-Type: text/plain; charset=iso-8859-1\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                    "Gr=FC=DFe aus K=F6ln=\r\n und Bonn\r\n"),
            "Gr\xC3\xBC\xC3\x9F" "e aus K\xC3\xB6ln und Bonn");
  EXPECT_EQ(Preview("Content-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n"
                    "w4lsw6hubmUgw6AgUGFyaXM=\r\n"),
            "\xC3\x89l\xC3\xA8nne \xC3\xA0 Paris");
}

TEST(PreviewTest, NoTextIsEmpty) {
  EXPECT_EQ(Preview("Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    "JVBERi0=\r\n"),
            "");
  EXPECT_EQ(Preview("Subject: empty\r\n\r\n \r\n\r\n"), "");
}

TEST(PreviewTest, AtMostTwoHundredCharacters) {
  std::string body;
  for (int i = 0; i < 150; ++i) body += "\xC3\xA9 ";  // "é " — two octets, one character
  const std::string p = Preview("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body);
  ASSERT_TRUE(IsValidUtf8(p));
  EXPECT_EQ(Utf8Length(p).value_or(0), 199u);  // a space cannot end it
  EXPECT_EQ(p.substr(0, 5), "\xC3\xA9 \xC3\xA9");
  EXPECT_NE(p.back(), ' ');
  const std::string words(1000, 'x');
  EXPECT_EQ(Preview("Subject: x\r\n\r\n" + words), std::string(kPreviewCharacters, 'x'));
}

TEST(PreviewTest, PreviewOctetsCoverWhatItReads) {
  const std::string raw =
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
      "--B\r\nContent-Type: text/plain\r\n\r\nShort text\r\n"
      "--B\r\nContent-Type: application/octet-stream\r\n\r\n" + std::string(100000, 'z') +
      "\r\n--B--\r\n";
  const MessageStructure s = ParseMessage(raw);
  const auto n = PreviewOctets(s);
  EXPECT_LT(n, 200u);
  EXPECT_EQ(MakePreview(std::string_view(raw).substr(0, n), s), "Short text");
  EXPECT_EQ(PreviewOctets(ParseMessage("Content-Type: image/gif\r\n\r\nGIF89a\r\n")), 0u);
}

}  // namespace
}  // namespace tern::mail
