#include "mail/encoded_word.h"

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

struct Case {
  std::string input;
  std::string expected;
};

// RFC 2047 section 8 examples, then real-world cases.
TEST(EncodedWord, DecodesRfc2047Examples) {
  const Case cases[] = {
      {"=?ISO-8859-1?Q?a?=", "a"},
      {"=?ISO-8859-1?Q?a?= b", "a b"},
      {"=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab"},
      {"=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab"},
      {"=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=", "ab"},
      {"=?ISO-8859-1?Q?a_b?=", "a b"},
      {"=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b"},
      {"=?US-ASCII?Q?Keith_Moore?=", "Keith Moore"},
      {"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld J\xC3\xB8rn Simonsen"},
      {"=?ISO-8859-1?Q?Andr=E9?= Pirard", "Andr\xC3\xA9 Pirard"},
      {"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=", "If you can read this yo"},
  };
  for (const Case& c : cases) EXPECT_EQ(DecodeEncodedWords(c.input), c.expected) << c.input;
}

TEST(EncodedWord, RealWorldShapes) {
  const Case cases[] = {
      // A UTF-8 character split across two words (each word alone is invalid).
      {"=?UTF-8?B?Sm9zw6k=?= =?UTF-8?B?w6k=?=", "Jos\xC3\xA9\xC3\xA9"},
      {"=?utf-8?b?w6k?==?utf-8?b?w6k?=", "\xC3\xA9\xC3\xA9"},  // no padding, no space
      {"=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_con_leche?= and x", "Caf\xC3\xA9 con leche and x"},
      {"=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"},
      {"=?utf-8*en?q?hi?=", "hi"},                // RFC 2231 section 5 language
      {"prefix=?utf-8?q?x?=suffix", "prefixxsuffix"},  // inside a word: lenient
      {"=?x-unknown?q?caf=E9?=", "caf\xC3\xA9"},       // unknown charset: fallback
      {"=?utf-8?q?bad=ZZ?=", "bad=ZZ"},
      {"=?utf-8?x?abc?=", "=?utf-8?x?abc?="},  // unknown encoding: left alone
      {"=?utf-8?q?unterminated", "=?utf-8?q?unterminated"},
      {"=??q?x?=", "=??q?x?="},
      {"plain \xE9 8-bit", "plain \xEF\xBF\xBD 8-bit"},
  };
  for (const Case& c : cases) EXPECT_EQ(DecodeEncodedWords(c.input), c.expected) << c.input;
}

}  // namespace
}  // namespace tern::mail
