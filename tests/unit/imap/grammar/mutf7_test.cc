#include "imap/grammar/mutf7.h"

#include <gtest/gtest.h>

namespace tern::imap::grammar {
namespace {

TEST(ModifiedUtf7Test, Rfc3501Examples) {
  // RFC 3501 5.1.3: "~peter/mail/&U,BTFw-/&ZeVnLIqe-" is "~peter/mail/台北/日本語".
  EXPECT_EQ(DecodeModifiedUtf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-").value(),
            "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  EXPECT_EQ(EncodeModifiedUtf7(
                "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e")
                .value(),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  EXPECT_EQ(DecodeModifiedUtf7("Tom &- Jerry").value(), "Tom & Jerry");
  EXPECT_EQ(EncodeModifiedUtf7("Tom & Jerry").value(), "Tom &- Jerry");
  EXPECT_EQ(DecodeModifiedUtf7("Entw&APw-rfe").value(),
            "Entw\xc3\xbc"
            "rfe");
  EXPECT_EQ(EncodeModifiedUtf7("Entw\xc3\xbc"
                               "rfe")
                .value(),
            "Entw&APw-rfe");
  // A character outside the BMP becomes a surrogate pair.
  EXPECT_EQ(EncodeModifiedUtf7("\xf0\x9f\x93\xa7").value(), "&2D3c5w-");
  EXPECT_EQ(DecodeModifiedUtf7("&2D3c5w-").value(), "\xf0\x9f\x93\xa7");
}

TEST(ModifiedUtf7Test, RoundTrip) {
  for (const char* s : {"", "INBOX", "a&b", "\xd0\x9f\xd1\x80\xd0\xb8", "x\xc3\xa9y\xc3\xa9z",
                        "\xe2\x82\xac&\xe2\x82\xac"}) {
    auto enc = EncodeModifiedUtf7(s);
    ASSERT_TRUE(enc.has_value()) << s;
    EXPECT_EQ(DecodeModifiedUtf7(*enc).value(), s);
  }
}

TEST(ModifiedUtf7Test, RejectsInvalid) {
  for (const char* s :
       {"&", "&AGE", "&AGE-&AGI-", "&ZeVnLIqe", "&AEE-" /* "A" */, "&U,BTF2-",
        "&2D0-" /* lone high surrogate */, "&3A0-", "a\tb", "&A-", "\xc3\xa9", "&Jjo!-"}) {
    auto r = DecodeModifiedUtf7(s);
    EXPECT_FALSE(r.has_value()) << s;
    if (!r) {
      EXPECT_EQ(r.error().public_text, "invalid modified UTF-7 mailbox name");
    }
  }
  EXPECT_FALSE(EncodeModifiedUtf7("\xff").has_value());
}

}  // namespace
}  // namespace tern::imap::grammar
