// The metadata keys, nesting, needs() and charsets of Matcher (RFC 9051 / RFC 3501
// 6.4.4). Text keys are in text_keys_test.cc.

#include "imap/search/matcher.h"

#include <gtest/gtest.h>

#include <set>

#include "search_test_util.h"

namespace tern::imap::search {
namespace {

using testing::Compile;
using testing::ExpectMatches;
using testing::Match;
using testing::TestMessage;

constexpr store::UnixTime kMarch15Start = 1710460800;  // 2024-03-15T00:00:00Z
constexpr store::UnixTime kMarch15End = 1710547199;    // 2024-03-15T23:59:59Z

TEST(MatcherTest, SystemFlags) {
  TestMessage m;
  m.meta.flags = store::kFlagSeen | store::kFlagFlagged;
  ExpectMatches(m, {
                       {"ALL", true},
                       {"SEEN", true},
                       {"FLAGGED", true},
                       {"ANSWERED", false},
                       {"DELETED", false},
                       {"DRAFT", false},
                       {"UNSEEN", false},
                       {"UNFLAGGED", false},
                       {"UNANSWERED", true},
                       {"UNDELETED", true},
                       {"UNDRAFT", true},
                   });
  m.meta.flags = store::kFlagAnswered | store::kFlagDeleted | store::kFlagDraft;
  ExpectMatches(m, {
                       {"ANSWERED", true},
                       {"DELETED", true},
                       {"DRAFT", true},
                       {"SEEN", false},
                       {"UNSEEN", true},
                       {"UNANSWERED", false},
                       {"UNDELETED", false},
                       {"UNDRAFT", false},
                   });
}

TEST(MatcherTest, KeywordsAreCaseInsensitive) {
  TestMessage m;
  m.meta.keywords = {"$Forwarded", "Work"};
  ExpectMatches(m, {
                       {"KEYWORD Work", true},
                       {"KEYWORD work", true},
                       {"KEYWORD $FORWARDED", true},
                       {"KEYWORD Home", false},
                       {"KEYWORD Wor", false},  // whole keywords, not substrings
                       {"UNKEYWORD WORK", false},
                       {"UNKEYWORD Home", true},
                   });
}

TEST(MatcherTest, RecentNewOld) {
  TestMessage m;
  m.recent = true;
  ExpectMatches(m, {
                       {"RECENT", true},
                       {"NEW", true},  // RECENT UNSEEN
                       {"OLD", false},
                   });
  m.meta.flags = store::kFlagSeen;
  EXPECT_FALSE(Match("NEW", m));
  m.recent = false;
  m.meta.flags = 0;
  ExpectMatches(m, {
                       {"RECENT", false},
                       {"NEW", false},
                       {"OLD", true},
                   });
}

TEST(MatcherTest, Size) {
  TestMessage m;
  m.meta.size = 100;
  ExpectMatches(m, {
                       {"LARGER 99", true},
                       {"LARGER 100", false},
                       {"SMALLER 101", true},
                       {"SMALLER 100", false},
                       {"LARGER 0", true},
                       {"SMALLER 0", false},
                       {"LARGER 9223372036854775807", false},
                   });
}

TEST(MatcherTest, InternalDateIsAUtcCalendarDate) {
  for (const store::UnixTime t : {kMarch15Start, kMarch15End}) {
    SCOPED_TRACE(t);
    TestMessage m;
    m.meta.internal_date = t;
    ExpectMatches(m, {
                         {"ON 15-Mar-2024", true},
                         {"ON 14-Mar-2024", false},
                         {"ON 16-Mar-2024", false},
                         {"BEFORE 15-Mar-2024", false},
                         {"BEFORE 16-Mar-2024", true},
                         {"SINCE 15-Mar-2024", true},
                         {"SINCE \"1-Jan-1970\"", true},
                         {"SINCE 16-Mar-2024", false},
                     });
  }
}

TEST(MatcherTest, SentDateAsWrittenInTheHeader) {
  // 23:30 -0800 is 1 January 2013 in UTC; the date written is what counts.
  const TestMessage m("Date: Mon, 31 Dec 2012 23:30:00 -0800\nSubject: x\n\nbody\n");
  ExpectMatches(m, {
                       {"SENTON 31-Dec-2012", true},
                       {"SENTON 1-Jan-2013", false},
                       {"SENTBEFORE 1-Jan-2013", true},
                       {"SENTBEFORE 31-Dec-2012", false},
                       {"SENTSINCE 31-Dec-2012", true},
                       {"SENTSINCE 30-Dec-2012", true},
                       {"SENTSINCE 1-Jan-2013", false},
                   });
}

TEST(MatcherTest, NoUsableDateMatchesNoSentKey) {
  for (const char* text :
       {"Subject: no date\n\nbody\n", "Date: sometime soon\n\nbody\n", "Date:\n\nbody\n"}) {
    SCOPED_TRACE(text);
    TestMessage m(text);
    m.meta.internal_date = kMarch15Start;  // not a fallback for the sent date
    ExpectMatches(m, {
                         {"SENTON 15-Mar-2024", false},
                         {"SENTBEFORE 1-Jan-2100", false},
                         {"SENTSINCE 1-Jan-1900", false},
                         {"NOT SENTBEFORE 1-Jan-2100", true},
                     });
  }
  // The first Date: field counts, as in the ENVELOPE.
  const TestMessage two("Date: 2 Jan 2020 10:00 +0000\nDate: 3 Jan 2020 10:00 +0000\n\nx\n");
  EXPECT_TRUE(Match("SENTON 2-Jan-2020", two));
  EXPECT_FALSE(Match("SENTON 3-Jan-2020", two));
}

TEST(MatcherTest, SequenceNumbersAndUids) {
  TestMessage m;
  m.seq = 3;
  m.meta.uid = 17;
  const MailboxFacts facts{5, 20, nullptr};
  ExpectMatches(m, facts,
                {
                    {"3", true},
                    {"1,3:4", true},
                    {"1:2,4", false},
                    {"*", false},
                    {"2:*", true},
                    {"*:3", true},
                    {"4:*", false},
                    {"UID 17", true},
                    {"UID 1:4,10:17", true},
                    {"UID 18:*", false},
                    {"UID *", false},
                    {"UID 3", false},  // a sequence number is not a UID
                });
  m.seq = 5;
  m.meta.uid = 20;
  ExpectMatches(m, facts,
                {
                    {"*", true},
                    {"UID *", true},
                    // RFC 9051 6.4.8: "UID 30:*" holds the last message even though 30 > its UID.
                    {"UID 30:*", true},
                    {"UID 30:40", false},
                });
}

TEST(MatcherTest, SavedResult) {
  TestMessage m;
  m.seq = 2;
  m.meta.uid = 17;
  const std::vector<store::Uid> saved = {5, 17, 40};
  const MailboxFacts with{3, 40, &saved};
  ExpectMatches(m, with, {{"$", true}, {"UID $", true}, {"NOT $", false}});
  m.meta.uid = 18;
  ExpectMatches(m, with, {{"$", false}, {"UID $", false}});
  // No saved result: "$" is a valid but non-matching set (RFC 9051 6.4.4.1).
  m.meta.uid = 17;
  const MailboxFacts without{3, 40, nullptr};
  ExpectMatches(m, without, {{"$", false}, {"UID $", false}, {"NOT UID $", true}});
  const std::vector<store::Uid> empty;
  const MailboxFacts empty_saved{3, 40, &empty};
  ExpectMatches(m, empty_saved, {{"$", false}, {"NOT $", true}});
}

TEST(MatcherTest, Nesting) {
  TestMessage m;
  m.meta.flags = store::kFlagSeen | store::kFlagFlagged;
  ExpectMatches(m, {
                       {"SEEN FLAGGED", true},
                       {"SEEN DRAFT", false},
                       {"NOT SEEN", false},
                       {"NOT NOT SEEN", true},
                       {"OR DRAFT SEEN", true},
                       {"OR SEEN DRAFT", true},
                       {"OR DRAFT DELETED", false},
                       {"(SEEN FLAGGED)", true},
                       {"(SEEN (FLAGGED DRAFT))", false},
                       {"OR (SEEN DRAFT) NOT (FLAGGED UNSEEN)", true},
                       {"OR (SEEN DRAFT) NOT (FLAGGED SEEN)", false},
                       {"OR OR OR DRAFT DELETED ANSWERED FLAGGED", true},
                       {"NOT OR DRAFT (SEEN NOT DELETED)", false},
                       {"SUBJECT x OR BODY nothing-here NOT DRAFT", true},
                       {"SUBJECT x OR BODY nothing-here DRAFT", false},
                   });
}

TEST(MatcherTest, Needs) {
  EXPECT_EQ(Compile("SEEN UID 1:* LARGER 5 SINCE 1-Jan-2020").needs(), Needs::kMetadata);
  EXPECT_EQ(Compile("SEEN FROM x").needs(), Needs::kHeader);
  EXPECT_EQ(Compile("NOT HEADER X-Y \"\"").needs(), Needs::kHeader);
  EXPECT_EQ(Compile("SENTON 1-Jan-2020").needs(), Needs::kHeader);
  EXPECT_EQ(Compile("OR SEEN (DRAFT BODY x)").needs(), Needs::kMessage);
  EXPECT_EQ(Compile("NOT TEXT x SUBJECT y").needs(), Needs::kMessage);
}

TEST(MatcherTest, MatchesMetadataDecidesWhatItCan) {
  store::MessageMeta meta;
  meta.flags = store::kFlagSeen;
  Candidate c{1, &meta, false, {}, nullptr};
  const MailboxFacts facts{1, 1, nullptr};
  EXPECT_EQ(Compile("UNSEEN BODY x").MatchesMetadata(c, facts), false);
  EXPECT_EQ(Compile("OR SEEN BODY x").MatchesMetadata(c, facts), true);
  EXPECT_EQ(Compile("SEEN BODY x").MatchesMetadata(c, facts), std::nullopt);
  EXPECT_EQ(Compile("NOT FROM x").MatchesMetadata(c, facts), std::nullopt);
  EXPECT_EQ(Compile("NOT (UNSEEN FROM x)").MatchesMetadata(c, facts), true);
  EXPECT_EQ(Compile("SEEN").MatchesMetadata(c, facts), true);
  EXPECT_EQ(Compile("DRAFT").MatchesMetadata(c, facts), false);
  c.meta = nullptr;  // contract breach: no crash, no match
  EXPECT_EQ(Compile("ALL").MatchesMetadata(c, facts), false);
  EXPECT_FALSE(Compile("ALL").Matches(c, facts));
}

// --- Charsets (RFC 9051 6.4.4) ----------------------------------------------------

const TestMessage& Umlauts() {
  static const TestMessage m(
      "Subject: =?UTF-8?B?w5xiZXJzaWNodCDDvGJlciBkaWUgV29jaGU=?=\n"  // Übersicht über die Woche
      "Content-Type: text/plain; charset=utf-8\n\n"
      "привет from Moscow\n");
  return m;
}

TEST(MatcherTest, Iso88591SearchString) {
  // Octal escapes: ISO-8859-1 "\334" is Ü, "\374" is ü. Converted to UTF-8 first.
  ExpectMatches(Umlauts(),
                {
                    {"CHARSET ISO-8859-1 SUBJECT \"\334bersicht\"", true},
                    {"CHARSET iso-8859-1 SUBJECT \"\374ber die\"", true},
                    // UTF-8 octets read as ISO-8859-1 are other characters ("\xC3\x9C" is "Ãœ").
                    {"CHARSET ISO-8859-1 SUBJECT \"Übersicht\"", false},
                    // The ISO-8859-1 octet as UTF-8 is invalid (U+FFFD) and finds nothing.
                    {"SUBJECT \"\334bersicht\"", false},
                    {"CHARSET UTF-8 SUBJECT \"ÜBERSICHT\"", true},
                    {"SUBJECT \"übersicht\"", true},  // no CHARSET: UTF-8
                });
}

TEST(MatcherTest, OtherCharsets) {
  // "ПРИВЕТ" in KOI8-R finds "привет".
  ExpectMatches(Umlauts(), {
                               {"CHARSET KOI8-R BODY \"\xF0\xF2\xE9\xF7\xE5\xF4\"", true},
                               {"CHARSET KOI8-R BODY \"\xF0\xF2\xE9\xF7\xE5\xF5\"", false},
                               {"CHARSET US-ASCII BODY MOSCOW", true},
                               {"CHARSET WINDOWS-1251 BODY \"\xCF\xD0\xC8\xC2\xC5\xD2\"", true},
                           });
}

TEST(MatcherTest, UnknownCharsetIsAnError) {
  const grammar::SearchCommand cmd = testing::Program("CHARSET X-MADE-UP BODY a");
  ASSERT_EQ(cmd.charset, "X-MADE-UP");
  auto m = Matcher::Create(cmd.key, cmd.charset);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(m.error().public_text, "unsupported charset");
  // Even when no string key would use it (RFC 9051: the charset of "the strings that
  // appear in the search criteria"; Dovecot rejects it too).
  EXPECT_FALSE(Matcher::Create(grammar::SearchKey{}, std::string("UTF-7")).has_value());
  EXPECT_TRUE(Matcher::Create(grammar::SearchKey{}, std::string("utf-8")).has_value());
}

TEST(MatcherTest, SupportedCharsets) {
  const std::span<const std::string_view> list = SupportedCharsets();
  ASSERT_GE(list.size(), 2u);
  EXPECT_EQ(list[0], "UTF-8");
  EXPECT_EQ(list[1], "US-ASCII");
  std::set<std::string_view> unique;
  for (const std::string_view name : list) {
    EXPECT_TRUE(unique.insert(name).second) << name;
    EXPECT_TRUE(Matcher::Create(grammar::SearchKey{}, std::string(name)).has_value()) << name;
  }
}

TEST(MatcherTest, DepthIsBounded) {
  auto nested = [](int depth) {
    grammar::SearchKey key;
    key.kind = grammar::SearchKeyKind::kSeen;
    for (int i = 0; i < depth; ++i) {
      grammar::SearchKey parent;
      parent.kind = grammar::SearchKeyKind::kNot;
      parent.children.push_back(std::move(key));
      key = std::move(parent);
    }
    return key;
  };
  auto ok = Matcher::Create(nested(100), std::nullopt);
  ASSERT_TRUE(ok.has_value());
  TestMessage m;
  EXPECT_FALSE(Match(*ok, m));  // an even number of NOTs around SEEN; m is unseen
  m.meta.flags = store::kFlagSeen;
  EXPECT_TRUE(Match(*ok, m));
  auto deep = Matcher::Create(nested(10000), std::nullopt);
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().code, ErrorCode::kLimit);
}

}  // namespace
}  // namespace tern::imap::search
