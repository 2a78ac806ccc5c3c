#include "mail/charset.h"

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

struct Case {
  const char* charset;
  std::string input;
  std::string expected;
  bool lossless;
};

TEST(Charset, ConvertsKnownCharsets) {
  const Case cases[] = {
      {"ISO-8859-1", "caf\xE9", "caf\xC3\xA9", true},
      {"iso-8859-1", "\x80", "\xE2\x82\xAC", true},  // read as windows-1252 (WHATWG)
      {"utf-8", "\xC3\xA9", "\xC3\xA9", true},
      {"UTF8", "ok", "ok", true},
      {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", true},
      {"iso-2022-jp", "\x1B$BF|K\\\x1B(B", "\xE6\x97\xA5\xE6\x9C\xAC", true},
      {"utf-8*en", "x", "x", true},  // RFC 2231 section 5 language suffix
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.charset);
    const Utf8Text out = ConvertToUtf8(c.charset, c.input);
    EXPECT_EQ(out.text, c.expected);
    EXPECT_EQ(out.lossless, c.lossless);
  }
}

TEST(Charset, BadBytesBecomeReplacementCharacters) {
  const Utf8Text out = ConvertToUtf8("utf-8", "a\xFF" "b\xC3");
  EXPECT_EQ(out.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_FALSE(out.lossless);
  const Utf8Text sjis = ConvertToUtf8("shift_jis", "\x82");  // truncated double byte
  EXPECT_TRUE(IsValidUtf8(sjis.text));
  EXPECT_FALSE(sjis.lossless);
}

TEST(Charset, UnknownCharsetFallsBackSafely) {
  Utf8Text out = ConvertToUtf8("x-no-such-charset", "caf\xC3\xA9");
  EXPECT_EQ(out.text, "caf\xC3\xA9");  // valid UTF-8 kept
  EXPECT_FALSE(out.lossless);
  out = ConvertToUtf8("x-no-such-charset", "caf\xE9");
  EXPECT_EQ(out.text, "caf\xC3\xA9");  // else windows-1252
  out = ConvertToUtf8("us-ascii", "caf\xE9");
  EXPECT_EQ(out.text, "caf\xC3\xA9");
  EXPECT_EQ(ConvertToUtf8("", "plain").text, "plain");
}

TEST(Charset, SanitizeReplacesInvalidSequences) {
  EXPECT_EQ(SanitizeUtf8("a\x80z"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(SanitizeUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace tern::mail
