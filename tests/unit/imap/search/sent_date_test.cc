#include "imap/search/sent_date.h"

#include <gtest/gtest.h>

namespace tern::imap::search {
namespace {

using grammar::Date;

TEST(SentDateTest, Rfc5322Forms) {
  EXPECT_EQ(ParseSentDate("Tue, 1 Jul 2003 10:52:37 +0200"), (Date{2003, 7, 1}));
  EXPECT_EQ(ParseSentDate("1 Jul 2003 10:52:37 +0200"), (Date{2003, 7, 1}));
  EXPECT_EQ(ParseSentDate("Fri, 21 Nov 1997 09:55:06 -0600"), (Date{1997, 11, 21}));
  // The zone is disregarded: 23:30 -0800 is the next day in UTC, but SENTON uses the
  // date as written (RFC 9051 6.4.4 "disregarding time and timezone").
  EXPECT_EQ(ParseSentDate("Mon, 31 Dec 2012 23:30:00 -0800"), (Date{2012, 12, 31}));
  // Comments and folding white space anywhere (RFC 5322 CFWS).
  EXPECT_EQ(ParseSentDate(" (sent) Thu,\r\n 13\r\n Feb 1969 23:32:54 -0330 (NST)"),
            (Date{1969, 2, 13}));
  EXPECT_EQ(ParseSentDate("29 Feb 2024 00:00 +0000"), (Date{2024, 2, 29}));
}

TEST(SentDateTest, LenientForms) {
  EXPECT_EQ(ParseSentDate("wed 5 JAN 2022 10:00:00 GMT"), (Date{2022, 1, 5}));  // no comma
  EXPECT_EQ(ParseSentDate("5 January 2022"), (Date{2022, 1, 5}));               // no time
  EXPECT_EQ(ParseSentDate("05-Jan-2022 10:00:00 +0000"), (Date{2022, 1, 5}));
  // RFC 5322 section 4.3 obs-year.
  EXPECT_EQ(ParseSentDate("1 Jan 49 00:00 +0000"), (Date{2049, 1, 1}));
  EXPECT_EQ(ParseSentDate("1 Jan 50 00:00 +0000"), (Date{1950, 1, 1}));
  EXPECT_EQ(ParseSentDate("1 Jan 103 00:00 +0000"), (Date{2003, 1, 1}));
}

TEST(SentDateTest, Invalid) {
  EXPECT_EQ(ParseSentDate(""), std::nullopt);
  EXPECT_EQ(ParseSentDate("yesterday"), std::nullopt);
  EXPECT_EQ(ParseSentDate("Tue, 1 Foo 2003 10:52:37 +0200"), std::nullopt);
  EXPECT_EQ(ParseSentDate("Tue, 31 Apr 2003 10:52:37 +0200"), std::nullopt);  // no 31 April
  EXPECT_EQ(ParseSentDate("29 Feb 2023"), std::nullopt);
  EXPECT_EQ(ParseSentDate("0 Jan 2023"), std::nullopt);
  EXPECT_EQ(ParseSentDate("123 Jan 2023"), std::nullopt);
  EXPECT_EQ(ParseSentDate("1 Jan"), std::nullopt);
  EXPECT_EQ(ParseSentDate("1 Jan 20245"), std::nullopt);
  EXPECT_EQ(ParseSentDate("1Jan 2024"), std::nullopt);
  EXPECT_EQ(ParseSentDate("1 Ja 2024"), std::nullopt);
  EXPECT_EQ(ParseSentDate("Tue Jul  1 10:52:37 2003"), std::nullopt);  // asctime: not RFC 5322
}

TEST(SentDateTest, UtcDate) {
  EXPECT_EQ(UtcDate(0), (Date{1970, 1, 1}));
  EXPECT_EQ(UtcDate(86399), (Date{1970, 1, 1}));
  EXPECT_EQ(UtcDate(86400), (Date{1970, 1, 2}));
  EXPECT_EQ(UtcDate(-1), (Date{1969, 12, 31}));
  EXPECT_EQ(UtcDate(1709164800), (Date{2024, 2, 29}));  // 2024-02-29T00:00:00Z
  EXPECT_EQ(UtcDate(INT64_MAX), (Date{9999, 12, 31}));
  EXPECT_EQ(UtcDate(INT64_MIN), (Date{0, 1, 1}));
}

TEST(SentDateTest, Compare) {
  EXPECT_EQ(CompareDates({2024, 1, 2}, {2024, 1, 2}), 0);
  EXPECT_EQ(CompareDates({2024, 1, 2}, {2024, 1, 3}), -1);
  EXPECT_EQ(CompareDates({2024, 2, 1}, {2024, 1, 31}), 1);
  EXPECT_EQ(CompareDates({2023, 12, 31}, {2024, 1, 1}), -1);
}

}  // namespace
}  // namespace tern::imap::search
