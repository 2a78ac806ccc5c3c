// SORT ordering (RFC 5256 3, RFC 5957 4): each key, REVERSE, several criteria, and the
// implicit sequence-number criterion.
#include "imap/sort/sorter.h"

#include <gtest/gtest.h>

#include "imap/sort/summary.h"
#include "mail/address.h"

namespace tern::imap::sort {
namespace {

using grammar::SortCriterion;
using grammar::SortKey;

struct Mail {
  int64_t arrival;
  int64_t size;
  const char* date;  // nullptr: no Date:
  const char* subject;
  const char* from;
  const char* to;
  const char* cc;
};

std::vector<uint32_t> Sorted(const std::vector<Mail>& mails,
                             const std::vector<SortCriterion>& criteria) {
  std::vector<SortRecord> records;
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const Mail& m = mails[i];
    mail::Envelope env;
    if (m.date) env.date = m.date;
    if (m.subject) env.subject = m.subject;
    if (m.from) env.from = mail::ParseAddressList(m.from);
    if (m.to) env.to = mail::ParseAddressList(m.to);
    if (m.cc) env.cc = mail::ParseAddressList(m.cc);
    SortRecord r;
    r.seq = static_cast<uint32_t>(i + 1);
    r.arrival = m.arrival;
    r.size = m.size;
    FillSortKeys(SummarizeHeader(env, ""), m.arrival, criteria, r);
    records.push_back(std::move(r));
  }
  SortRecords(records, criteria);
  std::vector<uint32_t> seqs;
  for (const auto& r : records) seqs.push_back(r.seq);
  return seqs;
}

const std::vector<Mail> kMails = {
    // arrival, size, date, subject, from, to, cc
    {300, 50, "Mon, 1 Jan 2024 10:00:00 +0000", "Re: beta", "Zed <zed@x>", "bob@x", nullptr},
    {100, 10, "Mon, 1 Jan 2024 09:00:00 -0200", "alpha", "\"Ann\" <ann@x>", "Carl <carl@x>",
     "dora@x"},
    {200, 30, nullptr, "[list] Beta", "bob@x", nullptr, "al@x"},
    {200, 10, "Mon, 1 Jan 2024 10:00:00 +0000", "ALPHA (fwd)", "=?UTF-8?Q?=C3=89mile?= <e@x>",
     "undisclosed-recipients:;", nullptr},
};

TEST(SorterTest, EachKey) {
  using V = std::vector<uint32_t>;
  EXPECT_EQ(Sorted(kMails, {{SortKey::kArrival, false}}), (V{2, 3, 4, 1}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSize, false}}), (V{2, 4, 3, 1}));
  // 3 has no Date: its arrival (200 s after the epoch) is its sent date. 2 is 11:00 UTC.
  EXPECT_EQ(Sorted(kMails, {{SortKey::kDate, false}}), (V{3, 1, 4, 2}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSubject, false}}), (V{2, 4, 1, 3}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kFrom, false}}), (V{2, 3, 4, 1}));  // ann bob e zed
  EXPECT_EQ(Sorted(kMails, {{SortKey::kTo, false}}), (V{3, 4, 1, 2}));    // "" "" bob carl
  EXPECT_EQ(Sorted(kMails, {{SortKey::kCc, false}}), (V{1, 4, 3, 2}));    // "" "" al dora
  // DISPLAYFROM: Ann, bob@x, Émile (sorts as E + accent), Zed.
  EXPECT_EQ(Sorted(kMails, {{SortKey::kDisplayFrom, false}}), (V{2, 3, 4, 1}));
  // DISPLAYTO: "" (3: none; 4: a group only), bob@x, Carl.
  EXPECT_EQ(Sorted(kMails, {{SortKey::kDisplayTo, false}}), (V{3, 4, 1, 2}));
}

TEST(SorterTest, ReverseAndSeveralCriteria) {
  using V = std::vector<uint32_t>;
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSize, true}}), (V{1, 3, 2, 4}));  // ties stay 2, 4
  // REVERSE only reverses its own criterion: equal subjects stay in mailbox order.
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSubject, true}}), (V{1, 3, 2, 4}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSubject, false}, {SortKey::kDate, false}}),
            (V{4, 2, 3, 1}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kSubject, false}, {SortKey::kDate, true}}),
            (V{2, 4, 1, 3}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kArrival, false}, {SortKey::kSize, false}}),
            (V{2, 4, 3, 1}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kArrival, false}, {SortKey::kSize, true}}),
            (V{2, 3, 4, 1}));
  EXPECT_EQ(Sorted(kMails, {{SortKey::kArrival, true}, {SortKey::kSize, false}}),
            (V{1, 4, 3, 2}));
  EXPECT_EQ(Sorted({}, {{SortKey::kDate, false}}), (V{}));
}

TEST(SorterTest, NeedsSummary) {
  EXPECT_FALSE(NeedsSummary({{SortKey::kArrival, false}, {SortKey::kSize, true}}));
  EXPECT_TRUE(NeedsSummary({{SortKey::kSize, false}, {SortKey::kCc, false}}));
}

}  // namespace
}  // namespace tern::imap::sort
