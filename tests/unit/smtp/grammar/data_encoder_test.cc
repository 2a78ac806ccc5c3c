#include "smtp/grammar/data_encoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "smtp/grammar/data_decoder.h"

namespace tern::smtp::grammar {
namespace {

std::string EncodeWhole(std::string_view message) {
  DataEncoder e;
  std::string out;
  e.Encode(message, out);
  e.Finish(out);
  return out;
}

struct Case {
  std::string message;
  std::string wire;
};

TEST(DataEncoderTest, StuffsAndTerminates) {
  const std::vector<Case> cases = {
      {"", ".\r\n"},
      {"a\r\n", "a\r\n.\r\n"},
      {"a", "a\r\n.\r\n"},
      {".", "..\r\n.\r\n"},
      {".\r\n", "..\r\n.\r\n"},
      {"a\r\n.b\r\n", "a\r\n..b\r\n.\r\n"},
      {"a.b\r\n", "a.b\r\n.\r\n"},
      {"a\n.\n", "a\r\n..\r\n.\r\n"},    // bare LF made CRLF, then stuffed
      {"a\r.\r\n", "a\r\n..\r\n.\r\n"},  // bare CR made CRLF, then stuffed
      {"a\r", "a\r\n.\r\n"},
      {"\r\n", "\r\n.\r\n"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EncodeWhole(c.message), c.wire) << testing::PrintToString(c.message);
  }
}

TEST(DataEncoderTest, SplitsDoNotMatter) {
  const std::string message = "x\r\n.\r\n..\r\n\r.\n.a\r";
  const std::string whole = EncodeWhole(message);
  for (std::size_t cut = 0; cut <= message.size(); ++cut) {
    DataEncoder e;
    std::string out;
    e.Encode(message.substr(0, cut), out);
    e.Encode(message.substr(cut), out);
    e.Finish(out);
    EXPECT_EQ(out, whole) << cut;
  }
  DataEncoder e;
  std::string out;
  for (char c : message) e.Encode(std::string_view(&c, 1), out);
  e.Finish(out);
  EXPECT_EQ(out, whole);
}

TEST(DataEncoderTest, DecoderUndoesEncoder) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> byte(0, 9);
  const char alphabet[] = {'.', '.', '\r', '\n', 'a', 'b', '\0', '\xff', ' ', '\r'};
  for (int round = 0; round < 500; ++round) {
    std::string message;
    std::size_t len = static_cast<std::size_t>(byte(rng)) * 3;
    for (std::size_t i = 0; i < len; ++i) message += alphabet[byte(rng)];
    std::string wire = EncodeWhole(message);
    // Expected: the message with every line end made CRLF (and a final one added).
    std::string expected;
    for (std::size_t i = 0; i < message.size(); ++i) {
      char c = message[i];
      if (c == '\r') {
        expected += "\r\n";
        if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
      } else if (c == '\n') {
        expected += "\r\n";
      } else {
        expected += c;
      }
    }
    if (!expected.empty() && !expected.ends_with("\r\n")) expected += "\r\n";
    DataDecoder d;
    std::string out;
    auto r = d.Feed(wire + "NEXT", out);
    ASSERT_TRUE(r.done) << testing::PrintToString(message);
    EXPECT_EQ(r.consumed, wire.size());
    EXPECT_EQ(out, expected) << testing::PrintToString(message);
    EXPECT_EQ(d.bare_lf_count(), 0u);
  }
}

}  // namespace
}  // namespace tern::smtp::grammar
