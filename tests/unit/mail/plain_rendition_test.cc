#include "mail/plain_rendition.h"

#include <gtest/gtest.h>

#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

std::string Render(const std::string& raw) { return RenderPlainRfc822(raw, ParseMessage(raw)); }

TEST(PlainRenditionTest, MultipartKeepsFirstTextPartDecoded) {
  const std::string raw =
      "From: a@example.org\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=XX\r\n\r\npreamble\r\n"
      "--XX\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n"
      "--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "JVBERi0=\r\n--XX--\r\n";
  EXPECT_EQ(Render(raw),
            "From: a@example.org\r\nSubject: hi\r\n\r\nGr\xC3\xBC\xC3\x9F" "e\r\n"
            "\r\n[1 other part of this message not shown.]\r\n");
}

TEST(PlainRenditionTest, SinglePartBase64) {
  const std::string raw =
      "Subject: b\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8Kd29ybGQ=\r\n";
  EXPECT_EQ(Render(raw), "Subject: b\r\n\r\nhello\r\nworld\r\n");
}

TEST(PlainRenditionTest, NoTextPart) {
  const std::string raw = "Subject: c\r\nContent-Type: image/png\r\n\r\nxxxx\r\n";
  EXPECT_EQ(Render(raw),
            "Subject: c\r\n\r\n[This message has no plain-text part.]\r\n\r\n"
            "[1 other part of this message not shown.]\r\n");
}

}  // namespace
}  // namespace tern::mail
