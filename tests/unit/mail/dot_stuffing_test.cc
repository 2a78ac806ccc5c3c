#include "mail/dot_stuffing.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/line_ends.h"

namespace tern::mail {
namespace {

std::string EncodeWhole(std::string_view data) {
  DotStuffer e;
  std::string out;
  e.Encode(data, out);
  e.Finish(out);
  return out;
}

std::string EncodeByteByByte(std::string_view data) {
  DotStuffer e;
  std::string out;
  for (char c : data) e.Encode(std::string_view(&c, 1), out);
  e.Finish(out);
  return out;
}

std::string EncodeRandomChunks(std::string_view data, std::mt19937& rng) {
  DotStuffer e;
  std::string out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t n = std::uniform_int_distribution<std::size_t>(0, 7)(rng);
    n = std::min(n, data.size() - pos);
    e.Encode(data.substr(pos, n), out);  // empty chunks too
    pos += n;
  }
  e.Finish(out);
  return out;
}

// What a receiver does (RFC 1939 3, RFC 5321 4.5.2): read lines up to ".", drop one
// leading '.' from each.
std::string Unstuff(std::string_view wire, bool* terminated_at_end) {
  std::string out;
  std::size_t pos = 0;
  *terminated_at_end = false;
  while (pos < wire.size()) {
    const std::size_t end = wire.find("\r\n", pos);
    if (end == std::string_view::npos) return out + "<no CRLF>";
    std::string_view line = wire.substr(pos, end - pos);
    pos = end + 2;
    if (line == ".") {
      *terminated_at_end = pos == wire.size();
      return out;
    }
    if (!line.empty() && line[0] == '.') line.remove_prefix(1);
    out.append(line);
    out.append("\r\n");
  }
  return out;
}

struct Case {
  std::string data;
  std::string wire;
};

TEST(DotStufferTest, StuffsAndTerminates) {
  const std::vector<Case> cases = {
      {"", ".\r\n"},  // empty data
      {"a\r\n", "a\r\n.\r\n"},
      {"a", "a\r\n.\r\n"},                           // no final CRLF: one is added
      {".", "..\r\n.\r\n"},                          // "." at the very start
      {".\r\n", "..\r\n.\r\n"},                      // a line "."
      {"..\r\n", "...\r\n.\r\n"},                    // a line ".."
      {"a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"},  // "." inside
      {"a\r\n.b\r\n", "a\r\n..b\r\n.\r\n"},
      {"a.b\r\n", "a.b\r\n.\r\n"},  // '.' not at line start
      {"\r\n", "\r\n.\r\n"},
      {"\r\n.", "\r\n..\r\n.\r\n"},
      {"a\n.\n", "a\r\n..\r\n.\r\n"},    // bare LF made CRLF, then stuffed
      {"a\r.\r\n", "a\r\n..\r\n.\r\n"},  // bare CR made CRLF, then stuffed
      {"a\r", "a\r\n.\r\n"},
      {"\n\n", "\r\n\r\n.\r\n"},
      {"\r\r\n", "\r\n\r\n.\r\n"},
      {"Subject: x\r\n\r\n.\r\n..\r\n", "Subject: x\r\n\r\n..\r\n...\r\n.\r\n"},
      {std::string("\0.\r\n", 4), std::string("\0.\r\n.\r\n", 7)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EncodeWhole(c.data), c.wire) << testing::PrintToString(c.data);
    EXPECT_EQ(EncodeByteByByte(c.data), c.wire) << testing::PrintToString(c.data);
  }
}

TEST(DotStufferTest, ReusableAfterFinish) {
  DotStuffer e;
  std::string out;
  e.Encode("a", out);
  e.Finish(out);
  e.Encode(".b\r", out);
  e.Finish(out);
  EXPECT_EQ(out, "a\r\n.\r\n..b\r\n.\r\n");
}

TEST(DotStufferTest, EverySplitGivesTheSameOutput) {
  const std::string data = "x\r\n.\r\n..\r\n\r.\n.a\r\n.";
  const std::string whole = EncodeWhole(data);
  for (std::size_t cut = 0; cut <= data.size(); ++cut) {
    for (std::size_t cut2 = cut; cut2 <= data.size(); ++cut2) {
      DotStuffer e;
      std::string out;
      e.Encode(std::string_view(data).substr(0, cut), out);
      e.Encode(std::string_view(data).substr(cut, cut2 - cut), out);
      e.Encode(std::string_view(data).substr(cut2), out);
      e.Finish(out);
      EXPECT_EQ(out, whole) << cut << "," << cut2;
    }
  }
}

TEST(DotStufferTest, RandomDataRoundTrips) {
  std::mt19937 rng(1939);
  const char alphabet[] = {'.', '.', '\r', '\n', 'a', 'b', '\0', '\xff', ' ', '\r', '\n'};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(alphabet) - 1);
  for (int round = 0; round < 2000; ++round) {
    std::string data;
    const std::size_t len = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
    for (std::size_t i = 0; i < len; ++i) data += alphabet[pick(rng)];
    const std::string whole = EncodeWhole(data);
    ASSERT_EQ(EncodeByteByByte(data), whole) << testing::PrintToString(data);
    ASSERT_EQ(EncodeRandomChunks(data, rng), whole) << testing::PrintToString(data);
    bool terminated = false;
    ASSERT_EQ(Unstuff(whole, &terminated), tern::testing_support::NormalizeLineEnds(data))
        << testing::PrintToString(data);
    ASSERT_TRUE(terminated) << testing::PrintToString(data);
    // Only CRLF line ends on the wire.
    for (std::size_t p = 0; p < whole.size(); ++p) {
      if (whole[p] == '\r') {
        ASSERT_EQ(whole[p + 1], '\n');
      } else if (whole[p] == '\n') {
        ASSERT_EQ(whole[p - 1], '\r');
      }
    }
  }
}

}  // namespace
}  // namespace tern::mail
