// SORT and THREAD grammar (RFC 5256 5, RFC 5957 5, RFC 5267 3), with the RFCs' examples.
#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Parse;
using imaptest::ParseAs;

SearchKey Key(SearchKeyKind kind) {
  SearchKey k;
  k.kind = kind;
  return k;
}

TEST(SortGrammarTest, Rfc5256Examples) {
  auto a = ParseAs<SortCommand>("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994");
  EXPECT_FALSE(a.uid);
  EXPECT_FALSE(a.return_options);
  EXPECT_EQ(a.criteria, (std::vector<SortCriterion>{{SortKey::kSubject, false}}));
  EXPECT_EQ(a.charset, "UTF-8");
  ASSERT_EQ(a.key.kind, SearchKeyKind::kAnd);
  ASSERT_EQ(a.key.children.size(), 1u);
  EXPECT_EQ(a.key.children[0].kind, SearchKeyKind::kSince);
  EXPECT_EQ(a.key.children[0].date, (Date{1994, 2, 1}));

  auto b = ParseAs<SortCommand>("A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL");
  EXPECT_EQ(b.criteria,
            (std::vector<SortCriterion>{{SortKey::kSubject, false}, {SortKey::kDate, true}}));
  EXPECT_EQ(b.key.children, std::vector<SearchKey>{Key(SearchKeyKind::kAll)});

  auto c = ParseAs<SortCommand>("A284 SORT (SUBJECT) US-ASCII TEXT \"not in mailbox\"");
  EXPECT_EQ(c.charset, "US-ASCII");
  EXPECT_EQ(c.key.children[0].kind, SearchKeyKind::kText);
  EXPECT_EQ(c.key.children[0].value, "not in mailbox");
}

TEST(SortGrammarTest, EveryKeyAndCase) {
  auto s = ParseAs<SortCommand>(
      "a uid sort (arrival cc date from size subject to displayfrom displayto reverse "
      "Displayto) \"utf-8\" UNSEEN OR FROM x (TO y)");
  EXPECT_TRUE(s.uid);
  const std::vector<SortCriterion> want = {
      {SortKey::kArrival, false},   {SortKey::kCc, false},      {SortKey::kDate, false},
      {SortKey::kFrom, false},      {SortKey::kSize, false},    {SortKey::kSubject, false},
      {SortKey::kTo, false},        {SortKey::kDisplayFrom, false},
      {SortKey::kDisplayTo, false}, {SortKey::kDisplayTo, true}};
  EXPECT_EQ(s.criteria, want);
  EXPECT_EQ(s.charset, "UTF-8");
  ASSERT_EQ(s.key.children.size(), 2u);
  EXPECT_EQ(s.key.children[1].kind, SearchKeyKind::kOr);
  EXPECT_EQ(CommandName(Parse("a UID SORT (SIZE) UTF-8 ALL")->body), "UID SORT");
  EXPECT_EQ(CommandName(Parse("a SORT (SIZE) UTF-8 ALL")->body), "SORT");
}

TEST(SortGrammarTest, ReturnOptionsRfc5267) {
  auto e = ParseAs<SortCommand>(
      "E01 UID SORT RETURN () (REVERSE DATE) UTF-8 UNDELETED UNKEYWORD $Junk");
  ASSERT_TRUE(e.return_options);
  EXPECT_TRUE(e.return_options->empty());
  EXPECT_EQ(e.criteria, (std::vector<SortCriterion>{{SortKey::kDate, true}}));
  ASSERT_EQ(e.key.children.size(), 2u);
  EXPECT_EQ(e.key.children[1].value, "$Junk");

  auto m = ParseAs<SortCommand>("a SORT RETURN (MIN MAX COUNT ALL) (SIZE) UTF-8 ALL");
  using R = SearchReturn;
  EXPECT_EQ(*m.return_options, (std::vector<R>{R::kMin, R::kMax, R::kCount, R::kAll}));
}

TEST(SortGrammarTest, Errors) {
  EXPECT_EQ(ErrorText("a SORT (SUBJECTS) UTF-8 ALL"), "unknown sort key");
  EXPECT_EQ(ErrorText("a SORT (SUBJECT REVERSE) UTF-8 ALL"), "expected SP before sort key");
  EXPECT_EQ(ErrorText("a SORT (REVERSE REVERSE DATE) UTF-8 ALL"), "unknown sort key");
  EXPECT_EQ(ErrorText("a SORT () UTF-8 ALL"), "unknown sort key");
  EXPECT_FALSE(Parse("a SORT SUBJECT UTF-8 ALL"));            // criteria must be a list
  EXPECT_FALSE(Parse("a SORT (SUBJECT) ALL"));                // charset is mandatory
  EXPECT_FALSE(Parse("a SORT (SUBJECT) UTF-8"));              // so are the search keys
  EXPECT_FALSE(Parse("a SORT (SUBJECT)  UTF-8 ALL"));         // one SP
  EXPECT_FALSE(Parse("a SORT (SUBJECT) UTF-8 ALL "));         // trailing SP
  EXPECT_FALSE(Parse("a SORT (SUBJECT) UTF-8 BOGUS"));        // search keys are SEARCH's
  EXPECT_FALSE(Parse("a SORT RETURN (PARTIAL) (DATE) UTF-8 ALL"));
  EXPECT_FALSE(Parse("a SORT"));
  std::string many = "a SORT (";
  for (int i = 0; i < 40; ++i) many += i ? " DATE" : "DATE";
  many += ") UTF-8 ALL";
  auto r = Parse(many);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
}

TEST(ThreadGrammarTest, Rfc5256Examples) {
  auto a = ParseAs<ThreadCommand>("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000");
  EXPECT_FALSE(a.uid);
  EXPECT_EQ(a.algorithm, ThreadAlgorithm::kOrderedSubject);
  EXPECT_EQ(a.charset, "UTF-8");
  EXPECT_EQ(a.key.children[0].date, (Date{2000, 3, 5}));
  auto b = ParseAs<ThreadCommand>("A284 THREAD ORDEREDSUBJECT US-ASCII TEXT \"gewp\"");
  EXPECT_EQ(b.key.children[0].value, "gewp");
  auto c = ParseAs<ThreadCommand>("A285 uid thread references utf-8 SINCE 5-MAR-2000");
  EXPECT_TRUE(c.uid);
  EXPECT_EQ(c.algorithm, ThreadAlgorithm::kReferences);
  EXPECT_EQ(CommandName(Parse("a UID THREAD REFERENCES UTF-8 ALL")->body), "UID THREAD");
}

TEST(ThreadGrammarTest, Errors) {
  EXPECT_EQ(ErrorText("a THREAD REFS UTF-8 ALL"), "unknown threading algorithm");
  EXPECT_EQ(ErrorText("a THREAD REFERENCESX UTF-8 ALL"), "unknown threading algorithm");
  EXPECT_EQ(ErrorText("a THREAD (REFERENCES) UTF-8 ALL"), "unknown threading algorithm");
  EXPECT_FALSE(Parse("a THREAD REFERENCES ALL"));
  EXPECT_FALSE(Parse("a THREAD REFERENCES UTF-8"));
  EXPECT_FALSE(Parse("a THREAD"));
}

}  // namespace
}  // namespace tern::imap::grammar
