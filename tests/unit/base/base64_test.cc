#include "base/base64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace tern::base64 {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Encode(plain), encoded);
    auto d = Decode(encoded);
    ASSERT_TRUE(d) << encoded;
    EXPECT_EQ(*d, plain);
    EXPECT_EQ(EncodedSize(std::string_view(plain).size()), std::string_view(encoded).size());
  }
}

TEST(Base64Test, BinaryAndHighAlphabet) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string e = Encode(all);
  EXPECT_NE(e.find('+'), std::string::npos);
  EXPECT_NE(e.find('/'), std::string::npos);
  EXPECT_EQ(Decode(e).value(), all);
  EXPECT_EQ(Encode(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(Encode(std::string("\0\0\0", 3)), "AAAA");
}

TEST(Base64Test, RandomRoundTrips) {
  std::mt19937 rng(42);
  for (int n = 0; n < 200; ++n) {
    std::string s(static_cast<size_t>(n), '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    auto d = Decode(Encode(s));
    ASSERT_TRUE(d) << n;
    EXPECT_EQ(*d, s);
  }
}

TEST(Base64Test, StrictRejections) {
  const char* bad[] = {
      "Zg",            // missing padding
      "Zg=",           // short padding
      "Z===",          // three pad characters
      "====",          // only padding
      "Zm9v Yg==",     // space inside
      "Zm9vYg==\r\n",  // line break
      " Zm9v",         // leading whitespace
      "Zm9v\n",        // trailing newline
      "Zm=v",          // padding in the middle of a quantum
      "Zg==Zm9v",      // padding before the end
      "Zm9v-_==",      // base64url alphabet
      "Zm9v!A==",      // outside the alphabet
      "Zh==",          // non-zero pad bits (canonical is Zg==)
      "Zm9=",          // non-zero pad bits (canonical is Zm8=)
      "A",             // length 1
      "=",             // the SASL-IR "empty" marker is not base64
      "Zm9vYmFy=",     // extra padding
  };
  for (const char* b : bad) {
    auto d = Decode(b);
    EXPECT_FALSE(d) << '"' << b << '"';
    if (!d) {
      EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(d.error().public_text, "invalid base64");
    }
  }
  EXPECT_FALSE(Decode(std::string("Zm9v\0\0\0\0", 8)));
  EXPECT_FALSE(Decode("\xc3\xa9\xc3\xa9"));
}

TEST(Base64Test, EveryDecodableStringIsCanonical) {
  // Exhaustive over 4-character strings drawn from a small alphabet that includes padding,
  // an invalid character and boundary letters: whatever decodes re-encodes to itself.
  const std::string chars = "AZaz09+/=Qgh-";
  int decodable = 0;
  for (char a : chars) {
    for (char b : chars) {
      for (char c : chars) {
        for (char d : chars) {
          std::string s{a, b, c, d};
          auto dec = Decode(s);
          if (dec) {
            ++decodable;
            EXPECT_EQ(Encode(*dec), s);
          }
        }
      }
    }
  }
  EXPECT_GT(decodable, 1000);
}

}  // namespace
}  // namespace tern::base64
