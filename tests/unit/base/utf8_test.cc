#include "base/utf8.h"

#include <gtest/gtest.h>

namespace tern {
namespace {

TEST(Utf8Test, AcceptsEveryWellFormedLength) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is UTF-8
  EXPECT_TRUE(IsValidUtf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_EQ(Utf8Length("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xF4\x8F\xBF\xBF"), 4u);  // U+10FFFF, the last
  EXPECT_EQ(Utf8SequenceLength("\xEF\xBF\xBD"
                               "x"),
            3u);
}

TEST(Utf8Test, RefusesWhatRfc3629Forbids) {
  for (const char* bad : {"\xC0\xAF", "\xC1\xBF",                  // overlong two-octet forms
                          "\xE0\x80\xAF",                          // overlong three-octet form
                          "\xF0\x8F\xBF\xBF",                      // overlong four-octet form
                          "\xED\xA0\x80",                          // UTF-16 surrogate
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",  // above U+10FFFF
                          "\x80", "\xBF",                          // lone continuation octets
                          "\xC3", "\xE2\x82", "\xF0\x9F\x98",      // truncated
                          "\xC3\x28", "\xFF"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << ::testing::PrintToString(std::string(bad));
    EXPECT_FALSE(Utf8Length(bad).has_value());
    EXPECT_EQ(Utf8SequenceLength(bad), 0u);
  }
}

}  // namespace
}  // namespace tern
