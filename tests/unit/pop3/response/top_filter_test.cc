#include "pop3/response/top_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tern::pop3::response {
namespace {

struct Filtered {
  std::string out;
  bool done = false;
  std::size_t fed = 0;  // octets fed before the filter said done (or all)
  bool operator==(const Filtered&) const = default;
};

// Feeds `data` in pieces of `chunk` octets (0: whole), stopping once done as the session
// would.
Filtered Filter(std::string_view data, std::uint32_t n, std::size_t chunk) {
  TopFilter f(n);
  Filtered r;
  std::size_t pos = 0;
  if (chunk == 0) chunk = data.size() + 1;
  while (pos < data.size() && !r.done) {
    const std::size_t k = std::min(chunk, data.size() - pos);
    const std::string_view slice = data.substr(pos, k);
    const std::string_view sent = f.Filter(slice);
    EXPECT_EQ(sent.data(), slice.data());  // a prefix, not a copy
    r.out.append(sent);
    r.done = f.IsDone();
    pos += k;
  }
  EXPECT_EQ(r.done, f.IsDone());
  return r;
}

std::string Top(std::string_view data, std::uint32_t n) {
  const Filtered whole = Filter(data, n, 0);
  const Filtered bytes = Filter(data, n, 1);
  EXPECT_EQ(bytes.out, whole.out) << testing::PrintToString(std::string(data)) << " n=" << n;
  EXPECT_EQ(bytes.done, whole.done);
  return whole.out;
}

const std::string kMessage =
    "From: a@example.org\r\n"
    "Subject: hi\r\n"
    "\r\n"
    "line 1\r\n"
    "line 2\r\n"
    ".\r\n"
    "line 4\r\n";

TEST(TopFilterTest, HeaderBlankLineAndNLines) {
  const std::string header = "From: a@example.org\r\nSubject: hi\r\n\r\n";
  EXPECT_EQ(Top(kMessage, 0), header);
  EXPECT_EQ(Top(kMessage, 1), header + "line 1\r\n");
  EXPECT_EQ(Top(kMessage, 2), header + "line 1\r\nline 2\r\n");
  EXPECT_EQ(Top(kMessage, 3), header + "line 1\r\nline 2\r\n.\r\n");
  EXPECT_EQ(Top(kMessage, 4), kMessage);
  EXPECT_EQ(Top(kMessage, 5), kMessage);  // more than the body: the whole message
  EXPECT_EQ(Top(kMessage, 2147483647), kMessage);
}

TEST(TopFilterTest, ReportsDoneSoTheSessionCanStopReading) {
  TopFilter f(1);
  EXPECT_EQ(f.Filter("Subject: x\r\n\r\n"), "Subject: x\r\n\r\n");
  EXPECT_FALSE(f.IsDone());
  EXPECT_EQ(f.Filter("body 1\r"), "body 1\r");
  EXPECT_FALSE(f.IsDone());  // an LF may follow and must go with its CR
  EXPECT_EQ(f.Filter("\nbody 2\r\n"), "\n");
  EXPECT_TRUE(f.IsDone());
  EXPECT_EQ(f.Filter("more"), "");
  EXPECT_TRUE(f.IsDone());

  TopFilter zero(0);
  EXPECT_EQ(zero.Filter("A: b\r\n"), "A: b\r\n");
  EXPECT_FALSE(zero.IsDone());
  EXPECT_EQ(zero.Filter("\r\nbody"), "\r\n");
  EXPECT_TRUE(zero.IsDone());

  // The message ends before n lines: never done; the session just finishes.
  TopFilter many(10);
  EXPECT_EQ(many.Filter(kMessage), kMessage);
  EXPECT_FALSE(many.IsDone());
}

TEST(TopFilterTest, EdgeCases) {
  // No blank line: all header, passed whole.
  EXPECT_EQ(Top("A: b\r\nC: d\r\n", 0), "A: b\r\nC: d\r\n");
  EXPECT_EQ(Top("A: b", 3), "A: b");
  // Empty message.
  EXPECT_EQ(Top("", 0), "");
  // A message that starts with the blank line has an empty header.
  EXPECT_EQ(Top("\r\nbody\r\nmore\r\n", 0), "\r\n");
  EXPECT_EQ(Top("\r\nbody\r\nmore\r\n", 1), "\r\nbody\r\n");
  // Last body line without a line end.
  EXPECT_EQ(Top("A: b\r\n\r\nx", 1), "A: b\r\n\r\nx");
  // Bare LF and bare CR end lines, as the encoder sees them.
  EXPECT_EQ(Top("A: b\n\nl1\nl2\n", 1), "A: b\n\nl1\n");
  EXPECT_EQ(Top("A: b\r\rl1\rl2\r", 1), "A: b\r\rl1\r");
  EXPECT_EQ(Top("A: b\r\n\nl1\r\nl2", 0), "A: b\r\n\n");
  EXPECT_EQ(Top("A: b\r\n\r\n\r\n\r\nx\r\n", 2), "A: b\r\n\r\n\r\n\r\n");
  // Whitespace-only lines are not blank: the header goes on.
  EXPECT_EQ(Top("A: b\r\n \r\nC: d\r\n\r\nbody\r\n", 0), "A: b\r\n \r\nC: d\r\n\r\n");
}

// The reference: split into lines as the encoder does, then count.
std::string Reference(std::string_view data, std::uint32_t n) {
  std::string out;
  bool in_header = true;
  std::uint64_t left = n;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = pos;
    while (end < data.size() && data[end] != '\r' && data[end] != '\n') ++end;
    if (end == data.size()) {
      out.append(data.substr(pos));
      break;
    }
    std::size_t next = end + 1;
    if (data[end] == '\r' && next < data.size() && data[next] == '\n') ++next;
    const bool empty = end == pos;
    out.append(data.substr(pos, next - pos));
    pos = next;
    if (in_header) {
      if (empty) {
        in_header = false;
        if (left == 0) break;
      }
    } else if (--left == 0) {
      break;
    }
  }
  return out;
}

TEST(TopFilterTest, RandomChunksMatchTheReference) {
  std::mt19937 rng(7);
  const char alphabet[] = {'\r', '\n', 'a', ':', ' ', '.', '\r', '\n', '\0'};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(alphabet) - 1);
  for (int round = 0; round < 3000; ++round) {
    std::string data;
    const std::size_t len = std::uniform_int_distribution<std::size_t>(0, 30)(rng);
    for (std::size_t i = 0; i < len; ++i) data += alphabet[pick(rng)];
    const auto n = std::uniform_int_distribution<std::uint32_t>(0, 4)(rng);
    const std::string expected = Reference(data, n);
    ASSERT_EQ(Top(data, n), expected) << testing::PrintToString(data) << " n=" << n;
    const std::size_t chunk = std::uniform_int_distribution<std::size_t>(1, 5)(rng);
    ASSERT_EQ(Filter(data, n, chunk).out, expected) << testing::PrintToString(data) << " n=" << n;
  }
}

}  // namespace
}  // namespace tern::pop3::response
