#include "smtp/grammar/data_decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tern::smtp::grammar {
namespace {

struct Decoded {
  std::string output;
  std::size_t consumed = 0;
  bool done = false;
  bool too_large = false;
  std::uint64_t size = 0;
  std::uint64_t bare_lf = 0;

  bool operator==(const Decoded&) const = default;
};

// Feeds `input` in the pieces `sizes` gives (the last piece takes the rest), like a
// session would: stops feeding once done, and sums what was consumed.
template <typename NextSize>
Decoded DecodeInPieces(std::string_view input, DataDecoder::Options options, NextSize next) {
  DataDecoder decoder(options);
  Decoded d;
  std::size_t pos = 0;
  while (pos < input.size() && !d.done) {
    std::size_t n = std::min(next(), input.size() - pos);
    auto r = decoder.Feed(input.substr(pos, n), d.output);
    EXPECT_LE(r.consumed, n);
    if (!r.done) {
      EXPECT_EQ(r.consumed, n) << "a decoder that is not done takes everything";
    }
    d.consumed += r.consumed;
    d.done = r.done;
    pos += n;
  }
  d.too_large = decoder.IsTooLarge();
  d.size = decoder.message_size();
  d.bare_lf = decoder.bare_lf_count();
  return d;
}

Decoded Whole(std::string_view input, DataDecoder::Options options = {}) {
  return DecodeInPieces(input, options, [&] { return input.size() + 1; });
}

// STYLE habit 12: whole, byte by byte, and random chunks must agree.
Decoded DecodeEverySplit(std::string_view input, DataDecoder::Options options = {}) {
  Decoded whole = Whole(input, options);
  Decoded bytes = DecodeInPieces(input, options, [] { return std::size_t{1}; });
  EXPECT_EQ(whole, bytes) << "byte by byte differs for: " << testing::PrintToString(input);
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::uniform_int_distribution<std::size_t> dist(1, 7);
    Decoded random = DecodeInPieces(input, options, [&] { return dist(rng); });
    EXPECT_EQ(whole, random) << "random chunks differ for: " << testing::PrintToString(input);
  }
  // Every split into two pieces.
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    bool first = true;
    Decoded two = DecodeInPieces(input, options, [&] {
      std::size_t n = first ? cut : input.size();
      first = false;
      return n;
    });
    EXPECT_EQ(whole, two) << "cut at " << cut;
  }
  return whole;
}

struct Case {
  std::string name;
  std::string input;
  std::string output;
  std::size_t consumed;  // npos: all of the input
  bool done;
};

TEST(DataDecoderTest, DotStuffingEdgeCases) {
  const std::size_t all = std::string::npos;
  const std::vector<Case> cases = {
      {"empty message", ".\r\n", "", 3, true},
      {"one line", "Hello\r\n.\r\n", "Hello\r\n", all, true},
      {"RFC 5321 D.1 body", "Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n",
       "Blah blah blah...\r\n..etc. etc. etc.\r\n", all, true},
      {"stuffed dot line", "..\r\n.\r\n", ".\r\n", all, true},
      {"stuffed dot at start", "..hidden\r\n.\r\n", ".hidden\r\n", all, true},
      {"three dots", "...\r\n.\r\n", "..\r\n", all, true},
      {"unstuffed leading dot is dropped", ".x\r\n.\r\n", "x\r\n", all, true},
      {"dot inside line", "a.b\r\n.\r\n", "a.b\r\n", all, true},
      {"dot at end of line", "a.\r\n.\r\n", "a.\r\n", all, true},
      {"blank lines", "\r\n\r\n.\r\n", "\r\n\r\n", all, true},
      {"dot space is not the end", ". \r\n.\r\n", " \r\n", all, true},
      {"no terminator yet", "abc\r\n", "abc\r\n", all, false},
      {"terminator pending", "abc\r\n.", "abc\r\n", all, false},
      {"terminator pending cr", "abc\r\n.\r", "abc\r\n", all, false},
      {"bytes after terminator", "abc\r\n.\r\nQUIT\r\n", "abc\r\n", 8, true},
      {"pipelined after empty", ".\r\nRSET\r\n", "", 3, true},
      {"bare LF lines", "a\nb\n.\n", "a\r\nb\r\n", all, true},
      {"bare LF terminator after CRLF", "a\r\n.\nX", "a\r\n", 5, true},
      {"CRLF terminator after bare LF", "a\n.\r\nX", "a\r\n", 5, true},
      {"bare LF stuffed", "a\n..\n.\n", "a\r\n.\r\n", all, true},
      {"bare CR kept", "a\rb\r\n.\r\n", "a\rb\r\n", all, true},
      {"bare CR is no line end", "a\r.\r\n.\r\n", "a\r.\r\n", all, true},
      {"dot CR then text", ".\rx\r\n.\r\n", "\rx\r\n", all, true},
      {"dot CR CR LF", ".\r\r\n.\r\n", "\r\r\n", all, true},
      {"CR CR LF", "a\r\r\n.\r\n", "a\r\r\n", all, true},
      {"NUL and 8-bit pass", std::string("a\0\xff\r\n.\r\n", 8), std::string("a\0\xff\r\n", 5), all,
       true},
      {"terminator needs a line start", "a.\r\n", "a.\r\n", all, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Decoded d = DecodeEverySplit(c.input);
    EXPECT_EQ(d.output, c.output);
    EXPECT_EQ(d.done, c.done);
    EXPECT_EQ(d.consumed, c.consumed == all ? c.input.size() : c.consumed);
    EXPECT_EQ(d.size, c.output.size());
  }
}

TEST(DataDecoderTest, CountsBareLineFeeds) {
  EXPECT_EQ(Whole("a\r\nb\r\n.\r\n").bare_lf, 0u);
  EXPECT_EQ(Whole("a\nb\r\n.\n").bare_lf, 2u);
}

TEST(DataDecoderTest, FeedAfterDoneConsumesNothing) {
  DataDecoder d;
  std::string out;
  auto r = d.Feed(".\r\n", out);
  EXPECT_TRUE(r.done);
  r = d.Feed("more\r\n", out);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_TRUE(r.done);
  EXPECT_TRUE(out.empty());
  d.Reset();
  EXPECT_FALSE(d.IsDone());
  r = d.Feed("x\r\n.\r\n", out);
  EXPECT_TRUE(r.done);
  EXPECT_EQ(out, "x\r\n");
}

TEST(DataDecoderTest, EmptyFeed) {
  DataDecoder d;
  std::string out;
  auto r = d.Feed("", out);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_FALSE(r.done);
}

TEST(DataDecoderTest, SizeLimitKeepsConsumingToTheEnd) {
  DataDecoder::Options options;
  options.max_message_size = 10;
  const std::string body = "0123456789\r\nmore text\r\n..\r\n.\r\nQUIT\r\n";
  Decoded d = DecodeEverySplit(body, options);
  EXPECT_TRUE(d.done);
  EXPECT_TRUE(d.too_large);
  EXPECT_EQ(d.consumed, body.size() - 6);
  EXPECT_EQ(d.size, 26u);  // the whole decoded size is still counted
  EXPECT_LE(d.output.size(), 10u);
  EXPECT_EQ(d.output, "0123456789");
}

TEST(DataDecoderTest, SizeLimitExactlyReached) {
  DataDecoder::Options options;
  options.max_message_size = 5;
  Decoded d = DecodeEverySplit("abc\r\n.\r\n", options);
  EXPECT_FALSE(d.too_large);
  EXPECT_EQ(d.output, "abc\r\n");
  options.max_message_size = 4;
  d = DecodeEverySplit("abc\r\n.\r\n", options);
  EXPECT_TRUE(d.too_large);
  EXPECT_TRUE(d.done);
}

TEST(DataDecoderTest, LargeMessageInRandomChunks) {
  std::mt19937 rng(7);
  std::string input;
  std::string expected;
  const char* lines[] = {"plain line", ".", "..", ".leading", "", "trailing.", "\x80\xff"};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(lines) - 1);
  for (int i = 0; i < 2000; ++i) {
    std::string line = lines[pick(rng)];
    expected += line + "\r\n";
    input += (!line.empty() && line[0] == '.' ? "." : "") + line + ((i % 3) ? "\r\n" : "\n");
  }
  input += ".\r\n";
  Decoded d = Whole(input);
  EXPECT_TRUE(d.done);
  EXPECT_EQ(d.output, expected);
  std::uniform_int_distribution<std::size_t> chunk(1, 4096);
  Decoded r = DecodeInPieces(input, {}, [&] { return chunk(rng); });
  EXPECT_EQ(d, r);
}

}  // namespace
}  // namespace tern::smtp::grammar
