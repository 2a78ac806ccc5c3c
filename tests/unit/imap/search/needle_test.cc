#include "imap/search/needle.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace tern::imap::search {
namespace {

TEST(FoldCaseTest, AsciiAndBeyond) {
  EXPECT_EQ(FoldCase("Hello WORLD 123 [x]"), "hello world 123 [x]");
  EXPECT_EQ(FoldCase("MÜLLER"), "müller");
  EXPECT_EQ(FoldCase("ΣΟΦ"), "σοφ");
  EXPECT_EQ(FoldCase("ЖЁ"), "жё");
  EXPECT_EQ(FoldCase("Ａ"), "ａ");  // fullwidth A
  EXPECT_EQ(FoldCase("𐐀"), "𐐨");    // Deseret
  // Lower case, digits, CJK and U+FFFD are unchanged.
  EXPECT_EQ(FoldCase("日本 \xEF\xBF\xBD"), "日本 \xEF\xBF\xBD");
}

TEST(FoldCaseTest, InvalidBytesAreKept) {
  EXPECT_EQ(FoldCase(std::string("A\xFF"
                                 "B\xC3",
                                 4)),
            std::string("a\xFF"
                        "b\xC3",
                        4));
  EXPECT_EQ(FoldCase(std::string("\xC0\xAF"
                                 "Z",
                                 3)),
            std::string("\xC0\xAF"
                        "z",
                        3));  // overlong
  EXPECT_EQ(FoldCase(std::string("\0Q", 2)), std::string("\0q", 2));
  EXPECT_EQ(FoldCase(""), "");
}

TEST(NeedleTest, ShortAndLong) {
  const Needle empty("");
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(empty.FoundIn(""));
  EXPECT_TRUE(empty.FoundIn("abc"));

  const Needle shorter("WoRlD");
  EXPECT_EQ(shorter.folded(), "world");
  EXPECT_TRUE(shorter.FoundIn(FoldCase("hello World!")));
  EXPECT_FALSE(shorter.FoundIn(FoldCase("hello Worl")));

  // Longer than kShortNeedle: the KMP path, including a self-overlapping pattern.
  const Needle longer("abcabcabd abcabcabd!");
  EXPECT_TRUE(longer.FoundIn("xxabcabcabcabd abcabcabd abcabcabd!yy"));
  EXPECT_FALSE(longer.FoundIn("xxabcabcabcabd abcabcabd abcabcabd?yy"));
  EXPECT_FALSE(longer.FoundIn("abcabcabd"));
  const Needle periodic("aaaaaaaaaaaaaaaaaaaab");
  EXPECT_TRUE(periodic.FoundIn(std::string(1000, 'a') + "b"));
  EXPECT_FALSE(periodic.FoundIn(std::string(1000, 'a')));
}

// Both search paths agree with std::string::find on random texts over a small alphabet
// (where partial matches are frequent).
TEST(NeedleTest, AgreesWithFind) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> letter(0, 2);
  auto random_text = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + letter(rng));
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    const std::string needle = random_text(1 + static_cast<std::size_t>(round % 30));
    const std::string text = random_text(static_cast<std::size_t>(round % 200));
    EXPECT_EQ(Needle(needle).FoundIn(text), text.find(needle) != std::string::npos)
        << needle << " in " << text;
  }
}

TEST(NeedleTest, LinearOnHostileText) {
  // A 1000-byte needle that almost matches everywhere in 4 MB of text: quadratic search
  // would take seconds; this has to be fast (the test's time shows it).
  const std::string needle = std::string(999, 'a') + "b";
  const std::string text(4 * 1024 * 1024, 'a');
  EXPECT_FALSE(Needle(needle).FoundIn(text));
}

}  // namespace
}  // namespace tern::imap::search
