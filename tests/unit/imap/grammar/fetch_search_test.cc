#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Parse;
using imaptest::ParseAs;
using imaptest::Rev2;
using A = FetchAttribute;

TEST(FetchTest, Macros) {
  auto f = ParseAs<FetchCommand>("a FETCH 1 all");
  EXPECT_EQ(f.macro, FetchMacro::kAll);
  EXPECT_EQ(f.items,
            (std::vector<FetchItem>{A::kFlags, A::kInternalDate, A::kRfc822Size, A::kEnvelope}));
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 FAST").items.size(), 3u);
  EXPECT_EQ(ParseAs<FetchCommand>("a FETCH 1 FULL").items.back(), FetchItem(A::kBody));
}

TEST(FetchTest, Attributes) {
  auto f = ParseAs<FetchCommand>(
      "a UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE UID RFC822 "
      "RFC822.HEADER RFC822.TEXT)");
  EXPECT_EQ(f.items.size(), 10u);
  EXPECT_EQ(f.items[4], FetchItem(A::kBody));
  EXPECT_EQ(f.items[5], FetchItem(A::kBodyStructure));
}

TEST(FetchTest, Sections) {
  auto f = ParseAs<FetchCommand>(
      "a FETCH 2 (BODY[] BODY.PEEK[HEADER.FIELDS (date From)]<0.2048> BODY[1.2.MIME] "
      "BODY[3.TEXT] BODY[4.HEADER.FIELDS.NOT (X-Y)] BODY[1.2] BODY[TEXT]<10.20>)");
  ASSERT_EQ(f.items.size(), 7u);
  const auto& b1 = std::get<FetchBody>(f.items[1]);
  EXPECT_TRUE(b1.peek);
  EXPECT_EQ(b1.section.text, SectionText::kHeaderFields);
  EXPECT_EQ(b1.section.fields, (std::vector<std::string>{"DATE", "FROM"}));
  EXPECT_EQ(b1.partial, (Partial{0, 2048}));
  const auto& b2 = std::get<FetchBody>(f.items[2]);
  EXPECT_EQ(b2.section.part, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(b2.section.text, SectionText::kMime);
  EXPECT_EQ(std::get<FetchBody>(f.items[4]).section.text, SectionText::kHeaderFieldsNot);
  EXPECT_EQ(std::get<FetchBody>(f.items[5]).section.text, SectionText::kNone);
  auto bin = ParseAs<FetchCommand>("a FETCH 1 (BINARY.PEEK[1.2]<0.100> BINARY[] BINARY.SIZE[3])");
  EXPECT_EQ(std::get<FetchBinary>(bin.items[0]).part, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_TRUE(std::get<FetchBinary>(bin.items[0]).peek);
  EXPECT_EQ(std::get<FetchBinarySize>(bin.items[2]).part, (std::vector<std::uint32_t>{3}));
}

TEST(FetchTest, Errors) {
  EXPECT_EQ(ErrorText("a FETCH 1 (BODY[MIME])"), "invalid section");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY[0]"), "zero is not a valid section part");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY[1"), "expected section text");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY[1.TEXT"), "expected ] after section");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY[]<5>"), "expected partial length");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY[]<5.0>"), "zero partial length");
  EXPECT_EQ(ErrorText("a FETCH 1 BODY.PEEK"), "expected [");
  EXPECT_EQ(ErrorText("a FETCH 1 (FOO)"), "unknown fetch item");
  EXPECT_EQ(ErrorText("a FETCH 1 FLAGS (CHANGEDSINCE x)"), "expected mod-sequence");
  EXPECT_EQ(ErrorText("a FETCH 1 BINARY[1.TEXT]"), "expected ] after binary section");
}

TEST(SearchTest, EveryKey) {
  auto s = ParseAs<SearchCommand>(
      "a SEARCH ALL ANSWERED BCC x BEFORE 1-Feb-1994 BODY y CC z DELETED DRAFT FLAGGED FROM f "
      "HEADER Message-ID <a@b> KEYWORD $Junk LARGER 100 NEW NOT SEEN OLD ON \"01-Jan-2000\" "
      "OR TO a SUBJECT b RECENT SEEN SENTBEFORE 1-Jan-2000 SENTON 1-Jan-2000 SENTSINCE "
      "1-Jan-2000 SINCE 1-Jan-2000 SMALLER 5 SUBJECT {3}\r\nabc TEXT t TO u UID 1:5,* "
      "UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD foo UNSEEN 1,2:3 (SEEN FLAGGED) $");
  EXPECT_EQ(s.key.kind, SearchKeyKind::kAnd);
  ASSERT_EQ(s.key.children.size(), 38u);
  const auto& header = s.key.children[10];
  EXPECT_EQ(header.kind, SearchKeyKind::kHeader);
  EXPECT_EQ(header.field, "Message-ID");
  EXPECT_EQ(header.value, "<a@b>");
  const auto& or_key = s.key.children[17];
  EXPECT_EQ(or_key.kind, SearchKeyKind::kOr);
  ASSERT_EQ(or_key.children.size(), 2u);
  EXPECT_EQ(or_key.children[1].value, "b");
  EXPECT_EQ(s.key.children[16].date, (Date{2000, 1, 1}));
  EXPECT_EQ(s.key.children.back().set.saved_result, true);
}

TEST(SearchTest, ReturnAndCharset) {
  auto s = ParseAs<SearchCommand>("a UID SEARCH RETURN (MIN MAX COUNT ALL SAVE) CHARSET utf-8 ALL");
  EXPECT_TRUE(s.uid);
  EXPECT_EQ(s.return_options->size(), 5u);
  EXPECT_EQ(s.charset, "UTF-8");
  auto empty = ParseAs<SearchCommand>("a SEARCH RETURN () ALL");
  ASSERT_TRUE(empty.return_options);
  EXPECT_TRUE(empty.return_options->empty());
  EXPECT_FALSE(ParseAs<SearchCommand>("a SEARCH ALL").return_options);
}

TEST(SearchTest, Rev2DropsRecent) {
  EXPECT_EQ(ErrorText("a SEARCH RECENT", Rev2()), "unknown search key");
  EXPECT_EQ(ErrorText("a SEARCH NEW", Rev2()), "unknown search key");
  EXPECT_EQ(ErrorText("a SEARCH OLD", Rev2()), "unknown search key");
}

TEST(SearchTest, Limits) {
  std::string many = "a SEARCH";
  for (int i = 0; i < 1001; ++i) many += " SEEN";
  auto r = Parse(many);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error.public_text, "too many search keys");
  std::string deep = "a SEARCH";
  for (int i = 0; i < 200; ++i) deep += " NOT";
  deep += " SEEN";
  r = Parse(deep);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error.public_text, "search keys too deeply nested");
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
  EXPECT_EQ(ErrorText("a SEARCH OR SEEN"), "missing search key");
  EXPECT_EQ(ErrorText("a SEARCH LARGER x"), "expected size");
  EXPECT_EQ(ErrorText("a SEARCH SEEN)"), "unexpected data after search criteria");
}

TEST(DateTest, Forms) {
  auto s = ParseAs<SearchCommand>("a SEARCH SINCE 29-feb-2024 BEFORE \"9-Mar-2024\"");
  EXPECT_EQ(s.key.children[0].date, (Date{2024, 2, 29}));
  EXPECT_EQ(s.key.children[1].date, (Date{2024, 3, 9}));
  EXPECT_EQ(ErrorText("a SEARCH SINCE 29-Feb-2023"), "invalid date");
  EXPECT_EQ(ErrorText("a SEARCH SINCE 1-Feb-94"), "invalid date");
  auto a = ParseAs<AppendCommand>("a APPEND x \" 7-Feb-1994 22:43:04 -0800\" {1}\r\nx");
  EXPECT_EQ(a.messages[0].date->zone_minutes, -480);
  EXPECT_EQ(a.messages[0].date->hour, 22);
  EXPECT_EQ(ErrorText("a APPEND x \"07-Feb-1994 24:00:00 +0000\" {1}\r\nx"), "invalid date-time");
  EXPECT_EQ(ErrorText("a APPEND x \"07-Feb-1994 22:00:00 0000\" {1}\r\nx"), "invalid date-time");
}

}  // namespace
}  // namespace tern::imap::grammar
