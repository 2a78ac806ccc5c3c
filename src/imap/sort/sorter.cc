#include "imap/sort/sorter.h"

#include <algorithm>

#include "imap/sort/base_subject.h"
#include "imap/sort/collation.h"
#include "imap/sort/sort_keys.h"

namespace tern::imap::sort {

using grammar::SortKey;

bool NeedsEnvelope(const std::vector<grammar::SortCriterion>& criteria) {
  return std::any_of(criteria.begin(), criteria.end(), [](const grammar::SortCriterion& c) {
    return c.key != SortKey::kArrival && c.key != SortKey::kSize;
  });
}

void FillSortKeys(const mail::Envelope& envelope, int64_t internal_date,
                  const std::vector<grammar::SortCriterion>& criteria, SortRecord& record) {
  for (const auto& c : criteria) {
    switch (c.key) {
      case SortKey::kArrival:
      case SortKey::kSize:
        break;
      case SortKey::kDate:
        record.sent = envelope.date ? ParseSentTime(*envelope.date).value_or(internal_date)
                                    : internal_date;
        break;
      case SortKey::kSubject:
        if (envelope.subject) {
          record.subject = CasemapKey(ExtractBaseSubject(*envelope.subject).text);
        }
        break;
      case SortKey::kFrom:
        record.from = CasemapKey(FirstMailbox(envelope.from));
        break;
      case SortKey::kTo:
        record.to = CasemapKey(FirstMailbox(envelope.to));
        break;
      case SortKey::kCc:
        record.cc = CasemapKey(FirstMailbox(envelope.cc));
        break;
      case SortKey::kDisplayFrom:
        record.display_from = CasemapKey(DisplayValue(envelope.from));
        break;
      case SortKey::kDisplayTo:
        record.display_to = CasemapKey(DisplayValue(envelope.to));
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
  std::sort(records.begin(), records.end(), [&](const SortRecord& a, const SortRecord& b) {
    for (const auto& c : criteria) {
      const int r = CompareBy(c.key, a, b);
      if (r != 0) return c.reverse ? r > 0 : r < 0;
    }
    return a.seq < b.seq;
  });
}

}  // namespace tern::imap::sort
