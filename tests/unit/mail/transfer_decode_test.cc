#include "mail/transfer_decode.h"

#include <gtest/gtest.h>

#include "mail/mime_parser.h"
#include "mail/structure.h"

namespace tern::mail {
namespace {

TEST(TransferDecode, Classify) {
  EXPECT_EQ(ClassifyTransferEncoding(""), TransferEncoding::kIdentity);
  EXPECT_EQ(ClassifyTransferEncoding(" 8BIT "), TransferEncoding::kIdentity);
  EXPECT_EQ(ClassifyTransferEncoding("Base64"), TransferEncoding::kBase64);
  EXPECT_EQ(ClassifyTransferEncoding("quoted-printable"), TransferEncoding::kQuotedPrintable);
  EXPECT_EQ(ClassifyTransferEncoding("x-uuencode"), TransferEncoding::kUnknown);
}

TEST(TransferDecode, Base64) {
  EXPECT_EQ(DecodeBase64("SGVsbG8sIHdvcmxkIQ=="), "Hello, world!");
  EXPECT_EQ(DecodeBase64("SGVs\r\nbG8"), "Hello");  // line breaks, no padding
  EXPECT_EQ(DecodeBase64("S*G!V-s"), "Hel");        // junk skipped
  EXPECT_EQ(DecodeBase64("SGk=SGk="), "Hi");        // stops at padding
  EXPECT_EQ(DecodeBase64(""), "");
}

TEST(TransferDecode, QuotedPrintable) {
  EXPECT_EQ(DecodeQuotedPrintable("caf=C3=A9 =\r\nau lait  \r\nnext"), "caf\xC3\xA9 au lait\r\nnext");
  EXPECT_EQ(DecodeQuotedPrintable("a=3d=3Db\n"), "a==b\n");
  EXPECT_EQ(DecodeQuotedPrintable("bad =ZZ and =4"), "bad =ZZ and =4");
  EXPECT_EQ(DecodeQuotedPrintable("soft=\nbreak="), "softbreak");
}

TEST(TransferDecode, QEncoding) {
  EXPECT_EQ(DecodeQEncoding("a_b=3F=c"), "a b?=c");
}

TEST(TransferDecode, BodyTextOfALeafPart) {
  const std::string msg =
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Sch=F6ne Gr=FC=DFe=\r\n!";
  const MessageStructure s = ParseMessage(msg);
  const std::string_view raw = std::string_view(msg).substr(s.root.body_offset, s.root.body_size);
  EXPECT_EQ(DecodeBodyText(s.root, raw), "Sch\xC3\xB6ne Gr\xC3\xBC\xC3\x9F" "e!");

  const std::string b64 = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nw6k=\n";
  const MessageStructure s2 = ParseMessage(b64);
  EXPECT_EQ(DecodeBodyText(s2.root, std::string_view(b64).substr(s2.root.body_offset)), "\xC3\xA9");
}

}  // namespace
}  // namespace tern::mail
