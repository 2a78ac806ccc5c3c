#include "delivery/line_ending_normaliser.h"

#include <gtest/gtest.h>

namespace tern::delivery {
namespace {

std::string Normalise(std::string_view in, size_t chunk) {
  LineEndingNormaliser n;
  std::string out;
  for (size_t i = 0; i < in.size(); i += chunk) n.Feed(in.substr(i, chunk), out);
  return out;
}

TEST(LineEndingNormaliserTest, Table) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {"", ""},
      {"a\nb\n", "a\r\nb\r\n"},
      {"a\r\nb\r\n", "a\r\nb\r\n"},
      {"\n\n", "\r\n\r\n"},
      {"a\rb", "a\rb"},  // lone CR kept
      {"a\r\r\n", "a\r\r\n"},
      {"x\r\n\ny", "x\r\n\r\ny"},
  };
  for (const auto& c : cases) {
    for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{100}}) {
      EXPECT_EQ(Normalise(c.in, chunk), c.out) << "chunk " << chunk;
    }
  }
}

}  // namespace
}  // namespace tern::delivery
