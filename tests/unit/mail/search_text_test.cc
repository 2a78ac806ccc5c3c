// The searchable text of a message (mail/search_text.h), as the full-text index holds it.

#include "mail/search_text.h"

#include <gtest/gtest.h>

#include "base/utf8.h"
#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

SearchText Extract(std::string_view message) {
  const MessageStructure s = ParseMessage(message);
  return ExtractSearchText(message, s);
}

TEST(SearchTextTest, HeaderBlocksAndTextPartsDecodedAndFolded) {
  const SearchText t = Extract(
      "Subject: =?UTF-8?Q?Gr=C3=9C=C3=9Fe?=\r\nMIME-Version: 1.0\r\nContent-Type: "
      "multipart/mixed; boundary=b\r\n\r\nPreamble\r\n--b\r\nContent-Type: text/plain; "
      "charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nM=DCLLER\r\n"
      "--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "aGlwcG8=\r\n--b--\r\n");
  EXPECT_EQ(t.header,
            "subject: grüße\nmime-version: 1.0\ncontent-type: multipart/mixed; boundary=b\n"
            "\ncontent-type: text/plain; charset=iso-8859-1\ncontent-transfer-encoding: "
            "quoted-printable\n\ncontent-type: image/png\ncontent-transfer-encoding: base64\n");
  // The image and the preamble are not searched; the text part is.
  EXPECT_EQ(t.body, "müller");  // the CRLF before a boundary belongs to the boundary
}

TEST(SearchTextTest, AlwaysValidUtf8) {
  const SearchText t = Extract("Subject: a\xFF" "b\r\n\r\nx\xC3y\r\n");
  EXPECT_TRUE(IsValidUtf8(t.header));
  EXPECT_TRUE(IsValidUtf8(t.body));
  EXPECT_NE(t.header.find("subject: a"), std::string::npos);
}

}  // namespace
}  // namespace tern::mail
