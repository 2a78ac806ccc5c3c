// DataDecoder is the receiving half of the transparency procedure whose sending half is
// mail::DotStuffer: decoding what the stuffer sends gives back the message.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "mail/dot_stuffing.h"
#include "smtp/grammar/data_decoder.h"
#include "support/line_ends.h"

namespace tern::smtp::grammar {
namespace {

std::string EncodeWhole(std::string_view message) {
  mail::DotStuffer e;
  std::string out;
  e.Encode(message, out);
  e.Finish(out);
  return out;
}

TEST(DataDecoderTest, UndoesDotStuffing) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> byte(0, 9);
  const char alphabet[] = {'.', '.', '\r', '\n', 'a', 'b', '\0', '\xff', ' ', '\r'};
  for (int round = 0; round < 500; ++round) {
    std::string message;
    std::size_t len = static_cast<std::size_t>(byte(rng)) * 3;
    for (std::size_t i = 0; i < len; ++i) message += alphabet[byte(rng)];
    std::string wire = EncodeWhole(message);
    const std::string expected = testing_support::NormalizeLineEnds(message);
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
