#include "imap/response/binary_size.h"

#include <gtest/gtest.h>

namespace tern::imap::response {
namespace {

mail::MessagePart WithEncoding(std::optional<std::string> enc) {
  mail::MessagePart p;
  p.encoding = std::move(enc);
  return p;
}

TEST(BinarySize, IdentityEncodingsAreTheStoredSize) {
  EXPECT_EQ(BinarySize(WithEncoding(std::nullopt), "abc\r\n"), 5u);
  EXPECT_EQ(BinarySize(WithEncoding("7bit"), "abc"), 3u);
  EXPECT_EQ(BinarySize(WithEncoding("8BIT"), "\xc3\xa9"), 2u);
  EXPECT_EQ(BinarySize(WithEncoding("binary"), std::string_view("a\0b", 3)), 3u);
}

TEST(BinarySize, DecodedSize) {
  EXPECT_EQ(BinarySize(WithEncoding("base64"), "SGVs\r\nbG8K\r\n"), 6u);  // "Hello\n"
  EXPECT_EQ(BinarySize(WithEncoding("Base64"), ""), 0u);
  EXPECT_EQ(BinarySize(WithEncoding("quoted-printable"), "a=3Db=\r\nc\r\n"), 6u);  // "a=bc\r\n"
}

TEST(BinarySize, UnknownEncodingIsUnknownCte) {
  EXPECT_EQ(BinarySize(WithEncoding("x-gzip64"), "H4sI"), std::nullopt);
}

}  // namespace
}  // namespace tern::imap::response
