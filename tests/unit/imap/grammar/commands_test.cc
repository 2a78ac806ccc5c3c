// Field-level checks of the typed commands, and every class of syntax error.

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::Parse;
using imaptest::ParseAs;
using imaptest::Rev2;

TEST(CommandsTest, TagsAndNames) {
  auto r = Parse("a.b-1 noop");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tag, "a.b-1");
  EXPECT_EQ(Parse("x uid fetch 1 uid")->tag, "x");
  EXPECT_EQ(CommandName(Parse("x uid fetch 1 uid")->body), "UID FETCH");
}

TEST(CommandsTest, Login) {
  auto l = ParseAs<LoginCommand>("a LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man");
  EXPECT_EQ(l.user, "FRED FOOBAR");
  EXPECT_EQ(l.password, "fat man");
  l = ParseAs<LoginCommand>("a LOGIN \"fr\\\"ed\" \"a\\\\b\"");
  EXPECT_EQ(l.user, "fr\"ed");
  EXPECT_EQ(l.password, "a\\b");
  l = ParseAs<LoginCommand>("a LOGIN fred ]pass]");
  EXPECT_EQ(l.password, "]pass]");
}

TEST(CommandsTest, Authenticate) {
  auto a = ParseAs<AuthenticateCommand>("a authenticate plain dGVzdAB0ZXN0AHRlc3Q=");
  EXPECT_EQ(a.mechanism, "PLAIN");
  EXPECT_EQ(a.initial_response, "dGVzdAB0ZXN0AHRlc3Q=");
  EXPECT_EQ(ParseAs<AuthenticateCommand>("a AUTHENTICATE EXTERNAL =").initial_response, "");
  EXPECT_FALSE(ParseAs<AuthenticateCommand>("a AUTHENTICATE GSSAPI").initial_response);
}

TEST(CommandsTest, EnableIdSelect) {
  EXPECT_EQ(ParseAs<EnableCommand>("a ENABLE imap4rev2 utf8=accept").capabilities,
            (std::vector<std::string>{"IMAP4REV2", "UTF8=ACCEPT"}));
  auto id = ParseAs<IdCommand>("a ID (\"name\" \"x\" \"os\" NIL)");
  ASSERT_TRUE(id.fields);
  ASSERT_EQ(id.fields->size(), 2u);
  EXPECT_EQ((*id.fields)[1].second, std::nullopt);
  EXPECT_FALSE(ParseAs<IdCommand>("a ID NIL").fields);
  auto s = ParseAs<SelectCommand>(
      "a SELECT INBOX (CONDSTORE QRESYNC (67890007 20050715194045000 41,43:211))");
  EXPECT_TRUE(s.condstore);
  ASSERT_TRUE(s.qresync);
  EXPECT_EQ(s.qresync->uid_validity, 67890007u);
  EXPECT_EQ(s.qresync->modseq, 20050715194045000u);
  ASSERT_TRUE(s.qresync->known_uids);
  EXPECT_EQ(s.qresync->known_uids->ranges.size(), 2u);
  EXPECT_TRUE(s.qresync->match_seqs.empty());
  EXPECT_TRUE(ParseAs<SelectCommand>("a EXAMINE x").read_only);
}

// RFC 7162 3.2.5: QRESYNC with and without known UIDs and sequence match data.
TEST(CommandsTest, SelectQresync) {
  auto s = ParseAs<SelectCommand>("a SELECT INBOX (QRESYNC (67890007 90060115194045000))");
  ASSERT_TRUE(s.qresync);
  EXPECT_FALSE(s.condstore);
  EXPECT_FALSE(s.qresync->known_uids);
  s = ParseAs<SelectCommand>(
      "B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 "
      "15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))");
  ASSERT_TRUE(s.qresync);
  EXPECT_EQ(s.qresync->match_seqs.size(), 13u);
  EXPECT_EQ(s.qresync->match_uids.size(), 13u);
  EXPECT_EQ(s.qresync->match_seqs[3], 9990u);
  EXPECT_EQ(s.qresync->match_uids[3], 29970u);
  s = ParseAs<SelectCommand>("a SELECT INBOX (QRESYNC (1 2 (1:2 5,7)))");
  ASSERT_TRUE(s.qresync);
  EXPECT_FALSE(s.qresync->known_uids);
  EXPECT_EQ(s.qresync->match_uids, (std::vector<std::uint32_t>{5, 7}));

  EXPECT_EQ(ErrorText("a SELECT INBOX (FOO)"), "unknown SELECT parameter");
  EXPECT_EQ(ErrorText("a SELECT INBOX (QRESYNC (1 2 1:*))"), "\"*\" is not allowed in known UIDs");
  EXPECT_EQ(ErrorText("a SELECT INBOX (QRESYNC (1 2 1:5 (1:3 5,7)))"),
            "sequence match data: the two sets differ in size");
  EXPECT_FALSE(Parse("a SELECT INBOX (QRESYNC (0 2))").has_value());  // UIDVALIDITY is nz
  EXPECT_FALSE(Parse("a SELECT INBOX (QRESYNC (1))").has_value());
  EXPECT_FALSE(Parse("a SELECT INBOX (QRESYNC (1 2) QRESYNC (1 2))").has_value());
  EXPECT_FALSE(Parse("a SELECT INBOX (QRESYNC (1 2 (1:100000 1:100000)))").has_value());
}

// RFC 7162 3.1.3-3.1.5, 3.2.6: the store modifier, fetch modifiers and the MODSEQ key.
TEST(CommandsTest, CondstoreModifiers) {
  auto st = ParseAs<StoreCommand>("a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)");
  EXPECT_TRUE(st.uid);
  EXPECT_EQ(st.unchanged_since, 12121230045u);
  EXPECT_TRUE(st.silent);
  EXPECT_EQ(ParseAs<StoreCommand>("a STORE 1 (UNCHANGEDSINCE 0) FLAGS x").unchanged_since, 0u);
  EXPECT_FALSE(ParseAs<StoreCommand>("a STORE 1 FLAGS x").unchanged_since);
  EXPECT_EQ(ErrorText("a STORE 1 (FOO 1) FLAGS x"), "unknown store modifier");

  auto f = ParseAs<FetchCommand>("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)");
  EXPECT_EQ(f.changed_since, 12345u);
  EXPECT_TRUE(f.vanished);
  f = ParseAs<FetchCommand>("a FETCH 1:3 (MODSEQ)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(std::get<FetchAttribute>(f.items[0]), FetchAttribute::kModSeq);
  EXPECT_EQ(ErrorText("a FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)"),
            "VANISHED is only allowed with UID FETCH");
  EXPECT_EQ(ErrorText("a UID FETCH 1 FLAGS (VANISHED)"), "VANISHED needs CHANGEDSINCE");
  EXPECT_EQ(ErrorText("a FETCH 1 FLAGS (FOO)"), "unknown fetch modifier");

  auto search = ParseAs<SearchCommand>("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338");
  ASSERT_EQ(search.key.children.size(), 1u);
  EXPECT_EQ(search.key.children[0].kind, SearchKeyKind::kModSeq);
  EXPECT_EQ(search.key.children[0].size, 620162338u);
  EXPECT_EQ(ParseAs<SearchCommand>("t SEARCH OR NOT MODSEQ 720162338 LARGER 50000")
                .key.children[0].children[0].children[0].size,
            720162338u);
  EXPECT_FALSE(Parse("a SEARCH MODSEQ \"/foo\" all 1").has_value());
  EXPECT_FALSE(Parse("a SEARCH MODSEQ \"/flags/x\" both 1").has_value());
  EXPECT_EQ(ParseAs<StatusCommand>("a STATUS x (HIGHESTMODSEQ)").items,
            (std::vector<StatusItem>{StatusItem::kHighestModSeq}));
}

// RFC 5032 WITHIN, RFC 8514 SAVEDATE, RFC 8474 OBJECTID search keys.
TEST(CommandsTest, WithinSaveDateObjectIdKeys) {
  auto k = ParseAs<SearchCommand>("a SEARCH OLDER 3600 YOUNGER 60").key;
  EXPECT_EQ(k.children[0].kind, SearchKeyKind::kOlder);
  EXPECT_EQ(k.children[0].size, 3600u);
  EXPECT_EQ(k.children[1].kind, SearchKeyKind::kYounger);
  EXPECT_FALSE(Parse("a SEARCH OLDER 0").has_value());
  k = ParseAs<SearchCommand>("a SEARCH SAVEDBEFORE 1-Jan-2020 SAVEDON 2-Feb-2021 SAVEDSINCE 3-Mar-2022 SAVEDATESUPPORTED").key;
  EXPECT_EQ(k.children[0].kind, SearchKeyKind::kSavedBefore);
  EXPECT_EQ(k.children[1].kind, SearchKeyKind::kSavedOn);
  EXPECT_EQ(k.children[2].kind, SearchKeyKind::kSavedSince);
  EXPECT_EQ(k.children[3].kind, SearchKeyKind::kSaveDateSupported);
  k = ParseAs<SearchCommand>("a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9").key;
  EXPECT_EQ(k.children[0].kind, SearchKeyKind::kEmailId);
  EXPECT_EQ(k.children[0].value, "M6d99ac3275bb4e");
  EXPECT_EQ(k.children[1].kind, SearchKeyKind::kThreadId);
  EXPECT_FALSE(Parse("a SEARCH EMAILID M.x").has_value());
  EXPECT_FALSE(Parse("a SEARCH EMAILID " + std::string(256, 'a')).has_value());
}

TEST(CommandsTest, CreateWithSpecialUse) {
  auto c = ParseAs<CreateCommand>("t2 CREATE MySpecial (USE (\\drafts \\Sent))");
  EXPECT_EQ(c.special_use, (std::vector<std::string>{"\\Drafts", "\\Sent"}));
  EXPECT_EQ(ErrorText("t2 CREATE x (FOO)"), "unknown CREATE parameter");
}

TEST(CommandsTest, ListExtended) {
  auto l = ParseAs<ListCommand>(
      "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" \"Sent/%\") RETURN (CHILDREN "
      "SPECIAL-USE STATUS (MESSAGES UNSEEN SIZE))");
  EXPECT_TRUE(l.extended);
  EXPECT_EQ(l.selection, (std::vector<std::string>{"SUBSCRIBED", "RECURSIVEMATCH"}));
  EXPECT_EQ(l.patterns, (std::vector<std::string>{"INBOX", "Sent/%"}));
  EXPECT_TRUE(l.return_children);
  EXPECT_TRUE(l.return_special_use);
  EXPECT_EQ(l.return_status, (std::vector<StatusItem>{StatusItem::kMessages, StatusItem::kUnseen,
                                                      StatusItem::kSize}));
  auto basic = ParseAs<ListCommand>("a LIST ~/Mail/ %");
  EXPECT_FALSE(basic.extended);
  EXPECT_EQ(basic.reference, "~/Mail/");
  EXPECT_EQ(ErrorText("a LIST (RECURSIVEMATCH) \"\" *"),
            "RECURSIVEMATCH needs another selection option");
  EXPECT_EQ(ErrorText("a LIST (FOO) \"\" *"), "unknown LIST selection option");
  EXPECT_EQ(ErrorText("a LIST \"\" * RETURN (FOO)"), "unknown LIST return option");
}

TEST(CommandsTest, Status) {
  auto s = ParseAs<StatusCommand>(
      "a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT)");
  EXPECT_EQ(s.items.size(), 7u);
  EXPECT_EQ(ErrorText("a STATUS INBOX (RECENT)", Rev2()), "unknown status item");
  EXPECT_EQ(ErrorText("a STATUS INBOX ()"), "unknown status item");
}

TEST(CommandsTest, Append) {
  auto a = ParseAs<AppendCommand>(
      "a APPEND INBOX (\\Seen $Forwarded) \"05-Jul-2020 10:11:12 +0130\" {3}\r\nabc");
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_EQ(a.messages[0].flags, (std::vector<std::string>{"\\Seen", "$Forwarded"}));
  ASSERT_TRUE(a.messages[0].date);
  EXPECT_EQ(a.messages[0].date->zone_minutes, 90);
  EXPECT_EQ(a.messages[0].date->date, (Date{2020, 7, 5}));
  EXPECT_EQ(a.messages[0].data.bytes, "abc");
  a = ParseAs<AppendCommand>("a APPEND {5}\r\nDraft {1}\r\nx");
  EXPECT_EQ(a.mailbox, "Draft");
  EXPECT_EQ(ErrorText("a APPEND INBOX"), "missing message literal");
  EXPECT_EQ(ErrorText("a APPEND INBOX \"hello\""), "invalid date-time");
  EXPECT_EQ(ErrorText("a APPEND INBOX \"31-Feb-2020 10:11:12 +0000\" {1}\r\nx"),
            "invalid date-time");
  EXPECT_EQ(ErrorText(std::string("a APPEND INBOX {1}\r\n\0", 21)),
            "NUL in literal (use literal8)");
  EXPECT_EQ(ErrorText("a LOGIN ~{1}\r\nx y"), "literal8 not allowed here");
}

TEST(CommandsTest, StoreCopyMoveExpunge) {
  auto s = ParseAs<StoreCommand>("a UID STORE 1:*,5 -FLAGS.SILENT \\Seen \\DELETED foo");
  EXPECT_TRUE(s.uid);
  EXPECT_TRUE(s.silent);
  EXPECT_EQ(s.mode, StoreMode::kRemove);
  EXPECT_EQ(s.flags, (std::vector<std::string>{"\\Seen", "\\Deleted", "foo"}));
  EXPECT_EQ(s.set.ranges, (std::vector<SequenceRange>{{1, kStar}, {5, 5}}));
  EXPECT_EQ(ParseAs<StoreCommand>("a STORE 1 FLAGS ()").flags.size(), 0u);
  auto c = ParseAs<CopyCommand>("a MOVE 4:2 \"Other Messages\"");
  EXPECT_TRUE(c.move);
  EXPECT_EQ(c.set.ranges[0], (SequenceRange{4, 2}));
  EXPECT_EQ(c.mailbox, "Other Messages");
  auto e = ParseAs<ExpungeCommand>("a UID EXPUNGE 3000:3002");
  ASSERT_TRUE(e.uids);
  EXPECT_EQ(ErrorText("a STORE 1 FLAGZ (x)"), "expected FLAGS, +FLAGS or -FLAGS");
}

TEST(CommandsTest, SequenceSets) {
  auto f = ParseAs<FetchCommand>("a FETCH *:4,1,7:* FLAGS");
  EXPECT_EQ(f.set.ranges, (std::vector<SequenceRange>{{kStar, 4}, {1, 1}, {7, kStar}}));
  EXPECT_TRUE(ParseAs<FetchCommand>("a FETCH $ FLAGS").set.saved_result);
  EXPECT_EQ(ErrorText("a FETCH 0 FLAGS"), "invalid sequence set (0 is not a sequence number)");
  EXPECT_EQ(ErrorText("a FETCH 1: FLAGS"), "invalid sequence set");
  EXPECT_EQ(ErrorText("a FETCH 4294967296 FLAGS"), "number too large: sequence number");
  ParseContext ctx;
  ctx.limits.max_sequence_ranges = 3;
  auto r = Parse("a FETCH 1,2,3,4 FLAGS", ctx);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
  EXPECT_EQ(r.error().error.public_text, "too many sequence ranges");
}

TEST(CommandsTest, ErrorClasses) {
  struct Case {
    std::string wire;
    std::string tag;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"+x NOOP", "", "invalid tag"},
      {"a", "", "missing command"},
      {"a FOO", "a", "unknown command"},
      {"a NOOP x", "a", "NOOP takes no arguments"},
      {"a UID", "a", "missing UID command"},
      {"a UID NOOP", "a", "unknown UID command"},
      {"a LOGIN", "a", "missing user name"},
      {"a LOGIN fred", "a", "missing password"},
      {"a LOGIN fred pw extra", "a", "unexpected data after password"},
      {"a LOGIN \"fred", "a", "unterminated quoted string"},
      {"a LOGIN \"f\\red\" x", "a", "invalid escape in quoted string"},
      {"a LOGIN (x) y", "a", "expected user name"},
      {"a SELECT", "a", "missing mailbox name"},
      {"a RENAME x", "a", "missing new mailbox name"},
      {"a AUTHENTICATE PLAIN ab!=", "a", "invalid base64 in initial response"},
      {"a ENABLE", "a", "missing capability"},
      {"a FETCH 1", "a", "missing fetch items"},
      {"a FETCH 1 (FLAGS", "a", "expected ) after fetch items"},
      {"a SEARCH", "a", "missing search criteria"},
      {"a SEARCH FOO", "a", "unknown search key"},
      {"a SEARCH SINCE 1-Foo-2000", "a", "invalid date"},
      {"a SEARCH RETURN (MINIMUM) ALL", "a", "unknown search return option"},
      {"a COPY 1", "a", "missing mailbox name"},
      {"a ID (\"a\")", "a", "expected SP before ID value"},
  };
  for (const auto& c : cases) {
    auto r = Parse(c.wire);
    ASSERT_FALSE(r.has_value()) << c.wire;
    EXPECT_EQ(r.error().tag, c.tag) << c.wire;
    EXPECT_EQ(r.error().error.public_text, c.text) << c.wire;
    EXPECT_EQ(r.error().error.code, ErrorCode::kInvalidArgument) << c.wire;
    EXPECT_FALSE(r.error().close_connection);
  }
  auto r = Parse("a FETCH 1 FLAGS");
  ASSERT_TRUE(r.has_value());
  auto bad = Parse("a fetch 1 FOO");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().command, "FETCH");
}

TEST(CommandsTest, NestingLimit) {
  ParseContext ctx;
  ctx.limits.max_nesting_depth = 3;
  auto r = Parse("a SEARCH ((((ALL))))", ctx);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
  EXPECT_EQ(r.error().error.public_text, "too deeply nested");
  EXPECT_TRUE(Parse("a SEARCH (((ALL)))", ctx).has_value());
}

}  // namespace
}  // namespace tern::imap::grammar
