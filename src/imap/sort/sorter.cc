#include "imap/sort/sorter.h"

#include <algorithm>
#include <numeric>
#include <utility>


namespace tern::imap::sort {

using grammar::SortKey;

bool NeedsSummary(const std::vector<grammar::SortCriterion>& criteria) {
  return std::any_of(criteria.begin(), criteria.end(), [](const grammar::SortCriterion& c) {
    return c.key != SortKey::kArrival && c.key != SortKey::kSize;
  });
}

void FillSortKeys(store::MessageSummary summary, int64_t internal_date,
                  const std::vector<grammar::SortCriterion>& criteria, SortRecord& record) {
  for (const auto& c : criteria) {
    switch (c.key) {
      case SortKey::kArrival:
      case SortKey::kSize:
        break;
      case SortKey::kDate:
        record.sent = summary.sent.value_or(internal_date);
        break;
      case SortKey::kSubject:
        record.subject = std::move(summary.subject);
        break;
      case SortKey::kFrom:
        record.from = std::move(summary.from);
        break;
      case SortKey::kTo:
        record.to = std::move(summary.to);
        break;
      case SortKey::kCc:
        record.cc = std::move(summary.cc);
        break;
      case SortKey::kDisplayFrom:
        record.display_from = std::move(summary.display_from);
        break;
      case SortKey::kDisplayTo:
        record.display_to = std::move(summary.display_to);
        break;
    }
  }
}

namespace {

template <typename T>
int Compare(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareBy(SortKey key, const SortRecord& a, const SortRecord& b) {
  switch (key) {
    case SortKey::kArrival:
      return Compare(a.arrival, b.arrival);
    case SortKey::kSize:
      return Compare(a.size, b.size);
    case SortKey::kDate:
      return Compare(a.sent, b.sent);
    case SortKey::kSubject:
      return a.subject.compare(b.subject);
    case SortKey::kFrom:
      return a.from.compare(b.from);
    case SortKey::kTo:
      return a.to.compare(b.to);
    case SortKey::kCc:
      return a.cc.compare(b.cc);
    case SortKey::kDisplayFrom:
      return a.display_from.compare(b.display_from);
    case SortKey::kDisplayTo:
      return a.display_to.compare(b.display_to);
  }
  return 0;
}

}  // namespace

void SortRecords(std::vector<SortRecord>& records,
                 const std::vector<grammar::SortCriterion>& criteria) {
  // Sorting indexes and moving each record once: a record is several strings, and
  // std::sort would move records around O(n log n) times.
  std::vector<uint32_t> order(records.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) {
    const SortRecord& a = records[i];
    const SortRecord& b = records[j];
    for (const auto& c : criteria) {
      const int r = CompareBy(c.key, a, b);
      if (r != 0) return c.reverse ? r > 0 : r < 0;
    }
    return a.seq < b.seq;
  });
  std::vector<SortRecord> sorted;
  sorted.reserve(records.size());
  for (uint32_t i : order) sorted.push_back(std::move(records[i]));
  records = std::move(sorted);
}

}  // namespace tern::imap::sort
