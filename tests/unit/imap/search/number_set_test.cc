#include "imap/search/number_set.h"

#include <gtest/gtest.h>

#include <limits>

namespace tern::imap::search {
namespace {

using grammar::kStar;
using grammar::SequenceSet;

NumberSet Set(std::vector<grammar::SequenceRange> ranges) {
  SequenceSet s;
  s.ranges = std::move(ranges);
  return NumberSet(s);
}

TEST(NumberSetTest, RangesInEitherOrder) {
  const NumberSet s = Set({{9, 7}, {2, 2}, {3, 4}, {20, 30}});
  for (std::uint32_t n : {2u, 3u, 4u, 7u, 8u, 9u, 20u, 25u, 30u})
    EXPECT_TRUE(s.Contains(n, 100)) << n;
  for (std::uint32_t n : {0u, 1u, 5u, 6u, 10u, 19u, 31u, 100u})
    EXPECT_FALSE(s.Contains(n, 100)) << n;
  EXPECT_FALSE(s.saved_result());
}

TEST(NumberSetTest, OverlappingAndExtremes) {
  const std::uint32_t max = std::numeric_limits<std::uint32_t>::max();
  const NumberSet s = Set({{1, 10}, {5, 12}, {13, 13}, {max, max - 1}});
  EXPECT_TRUE(s.Contains(12, 1));
  EXPECT_TRUE(s.Contains(13, 1));
  EXPECT_FALSE(s.Contains(14, 1));
  EXPECT_TRUE(s.Contains(max, 1));
  EXPECT_TRUE(s.Contains(max - 1, 1));
  EXPECT_FALSE(s.Contains(max - 2, 1));
}

TEST(NumberSetTest, Star) {
  const NumberSet last = Set({{kStar, kStar}});
  EXPECT_TRUE(last.Contains(42, 42));
  EXPECT_FALSE(last.Contains(41, 42));

  const NumberSet tail = Set({{5, kStar}});
  EXPECT_TRUE(tail.Contains(5, 10));
  EXPECT_TRUE(tail.Contains(10, 10));
  EXPECT_FALSE(tail.Contains(4, 10));
  EXPECT_FALSE(tail.Contains(11, 10));
  // RFC 9051 6.4.8: "559:*" includes the last UID even when 559 is above it.
  const NumberSet above = Set({{559, kStar}});
  EXPECT_TRUE(above.Contains(300, 300));
  EXPECT_TRUE(above.Contains(400, 300));
  EXPECT_FALSE(above.Contains(299, 300));
  EXPECT_FALSE(above.Contains(560, 300));

  const NumberSet mixed = Set({{kStar, 3}, {1, 1}});
  EXPECT_TRUE(mixed.Contains(1, 5));
  EXPECT_FALSE(mixed.Contains(2, 5));
  EXPECT_TRUE(mixed.Contains(3, 5));
  EXPECT_TRUE(mixed.Contains(5, 5));
}

TEST(NumberSetTest, SavedResult) {
  SequenceSet s;
  s.saved_result = true;
  const NumberSet saved(s);
  EXPECT_TRUE(saved.saved_result());
  EXPECT_FALSE(saved.Contains(1, 1));
}

}  // namespace
}  // namespace tern::imap::search
