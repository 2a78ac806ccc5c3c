#include "imap/session/mailbox_view.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "session_test_util.h"

namespace tern::imap::session {
namespace {

using sessiontest::ParseSet;
using Seqs = std::vector<uint32_t>;

Seqs SeqsOf(const std::vector<FlagUpdate>& updates) {
  Seqs out;
  for (const auto& u : updates) out.push_back(u.seq);
  return out;
}

constexpr store::Uid kNoRecent = UINT32_MAX;

store::MessageMeta Meta(store::Uid uid, uint32_t flags = 0, std::vector<std::string> keywords = {},
                        store::ModSeq modseq = 0) {
  store::MessageMeta m;
  m.uid = uid;
  m.flags = flags;
  m.keywords = std::move(keywords);
  m.modseq = modseq == 0 ? uid : modseq;
  return m;
}

std::vector<store::MessageMeta> Metas(const std::vector<store::Uid>& uids) {
  std::vector<store::MessageMeta> out;
  for (store::Uid u : uids) out.push_back(Meta(u));
  return out;
}

MailboxView Loaded(const std::vector<store::Uid>& uids, store::Uid first_recent = kNoRecent,
                   uint32_t read_limit = 0) {
  MailboxView view;
  view.Load(Metas(uids), first_recent, read_limit);
  return view;
}

std::vector<store::Uid> Uids(const MailboxView& view) {
  std::vector<store::Uid> out;
  for (uint32_t seq = 1; seq <= view.exists(); ++seq) out.push_back(view.UidAt(seq));
  return out;
}

Seqs Resolve(const MailboxView& view, std::string_view set, bool uid,
             const std::vector<store::Uid>& saved = {}) {
  auto r = view.Resolve(ParseSet(set), uid, saved);
  EXPECT_TRUE(r.has_value()) << set << ": " << r.error().public_text;
  return r ? *r : Seqs{};
}

struct ResolveCase {
  const char* set;
  Seqs want;
};

void ExpectResolves(const MailboxView& view, bool uid, const std::vector<ResolveCase>& cases) {
  for (const auto& c : cases) EXPECT_EQ(Resolve(view, c.set, uid), c.want) << c.set;
}

// --- Load and accessors ---

TEST(MailboxView, LoadKeepsUidOrderFlagsAndKeywords) {
  MailboxView view;
  view.Load({Meta(3, store::kFlagSeen, {}, 7), Meta(5, 0, {"$Junk", "Work"}, 12),
             Meta(9, store::kFlagFlagged | store::kFlagDeleted, {"Work"}, 4)},
            kNoRecent, 0);
  EXPECT_EQ(view.exists(), 3u);
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{3, 5, 9}));
  EXPECT_EQ(view.MaxUid(), 9u);
  EXPECT_EQ(view.modseq(), 12u);  // the highest of all, whatever the order
  EXPECT_EQ(view.Flags(1), store::kFlagSeen);
  EXPECT_EQ(view.Flags(2), 0u);
  EXPECT_EQ(view.Flags(3), store::kFlagFlagged | store::kFlagDeleted);
  EXPECT_EQ(view.Keywords(1), std::vector<std::string>{});
  EXPECT_EQ(view.Keywords(2), (std::vector<std::string>{"$Junk", "Work"}));
  EXPECT_EQ(view.Keywords(3), std::vector<std::string>{"Work"});
  EXPECT_EQ(view.AllKeywords(), (std::vector<std::string>{"$Junk", "Work"}));
  EXPECT_EQ(view.SeqOf(5), 2u);
  EXPECT_EQ(view.SeqOf(4), std::nullopt);
  EXPECT_EQ(view.SeqOf(10), std::nullopt);
  EXPECT_FALSE(view.HasPendingExpunges());
}

TEST(MailboxView, EmptyMailbox) {
  MailboxView view = Loaded({});
  EXPECT_EQ(view.exists(), 0u);
  EXPECT_EQ(view.MaxUid(), 0u);
  EXPECT_EQ(view.RecentCount(), 0u);
  EXPECT_EQ(view.SeqOf(1), std::nullopt);
  EXPECT_TRUE(view.AllKeywords().empty());
}

TEST(MailboxView, LoadAgainForgetsThePreviousMailbox) {
  MailboxView view;
  view.Load({Meta(1, 0, {"Old"}, 50), Meta(2)}, 1, 0);
  ASSERT_TRUE(view.Apply({}, {2}, kNoRecent, false).empty());
  ASSERT_TRUE(view.HasPendingExpunges());
  view.Load({Meta(7, 0, {}, 3)}, kNoRecent, 0);
  EXPECT_EQ(Uids(view), std::vector<store::Uid>{7});
  EXPECT_EQ(view.modseq(), 3u);
  EXPECT_FALSE(view.HasPendingExpunges());
  EXPECT_EQ(view.RecentCount(), 0u);
  EXPECT_TRUE(view.AllKeywords().empty());
}

TEST(MailboxView, AllKeywordsOnlyOfMessagesStillInTheView) {
  MailboxView view;
  view.Load({Meta(1, 0, {"Gone"}), Meta(2, 0, {"Kept", "Also"})}, kNoRecent, 0);
  EXPECT_EQ(view.Remove({1}), Seqs{1});
  EXPECT_EQ(view.AllKeywords(), (std::vector<std::string>{"Also", "Kept"}));
}

// --- \Recent (RFC 3501 2.3.2: a session flag) ---

TEST(MailboxView, RecentFromFirstRecentUid) {
  MailboxView view;
  view.Load({Meta(1, store::kFlagSeen), Meta(4), Meta(6, store::kFlagSeen)}, 4, 0);
  EXPECT_FALSE(view.IsRecent(1));
  EXPECT_TRUE(view.IsRecent(2));
  EXPECT_TRUE(view.IsRecent(3));
  EXPECT_EQ(view.RecentCount(), 2u);
  // \Recent is not a stored flag: Flags() never shows it.
  EXPECT_EQ(view.Flags(2), 0u);
  EXPECT_EQ(view.Flags(3), store::kFlagSeen);
}

TEST(MailboxView, OwnFlagChangeKeepsRecent) {
  MailboxView view = Loaded({1, 2}, 2);
  view.SetFlags(2, store::kFlagSeen | store::kFlagAnswered, {"$Forwarded"});
  EXPECT_TRUE(view.IsRecent(2));
  EXPECT_EQ(view.Flags(2), store::kFlagSeen | store::kFlagAnswered);
  EXPECT_EQ(view.Keywords(2), std::vector<std::string>{"$Forwarded"});
  view.SetFlags(2, 0, {});
  EXPECT_TRUE(view.IsRecent(2));
  EXPECT_EQ(view.Flags(2), 0u);
  EXPECT_TRUE(view.Keywords(2).empty());
}

TEST(MailboxView, NewMessagesAreRecentOnlyFromFirstRecent) {
  MailboxView view = Loaded({1});
  ViewUpdate u = view.Apply({Meta(2), Meta(3)}, {}, 3, true);
  EXPECT_EQ(u.exists, 3u);
  EXPECT_FALSE(view.IsRecent(2));
  EXPECT_TRUE(view.IsRecent(3));
  EXPECT_EQ(view.RecentCount(), 1u);
}

// --- Read limit (service.imap.readlimit) ---

TEST(MailboxView, ReadLimitKeepsTheNewestMessages) {
  MailboxView view = Loaded({1, 2, 3, 4, 5}, 4, 2);
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{4, 5}));
  EXPECT_EQ(view.modseq(), 5u);  // hidden messages' changes were taken in too
  EXPECT_EQ(view.RecentCount(), 2u);
  EXPECT_EQ(Resolve(view, "1:*", true), (Seqs{1, 2}));
  EXPECT_EQ(Resolve(view, "1:3", true), Seqs{});
  EXPECT_FALSE(view.Resolve(ParseSet("3"), false, {}).has_value());
}

TEST(MailboxView, ReadLimitAboveTheCountKeepsEverything) {
  EXPECT_EQ(Uids(Loaded({1, 2, 3}, kNoRecent, 3)), (std::vector<store::Uid>{1, 2, 3}));
  EXPECT_EQ(Uids(Loaded({1, 2, 3}, kNoRecent, 100)), (std::vector<store::Uid>{1, 2, 3}));
}

TEST(MailboxView, ChangesToHiddenMessagesAreNotReported) {
  MailboxView view = Loaded({1, 2, 3, 4}, kNoRecent, 2);
  ViewUpdate u = view.Apply({Meta(1, store::kFlagSeen, {}, 20)}, {2}, kNoRecent, true);
  EXPECT_TRUE(u.empty());
  EXPECT_FALSE(view.HasPendingExpunges());
  EXPECT_EQ(view.modseq(), 20u);
  // New mail still shows up.
  u = view.Apply({Meta(9, 0, {}, 21)}, {}, kNoRecent, true);
  EXPECT_EQ(u.exists, 3u);
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{3, 4, 9}));
}

// --- Resolve (RFC 9051 4.1.1, 9 seq-number / seq-range / sequence-set) ---

TEST(MailboxView, ResolveMessageNumbers) {
  ExpectResolves(Loaded({10, 20, 30, 40, 50}), false,
                 {
                     {"1", {1}},
                     {"2:4", {2, 3, 4}},
                     {"4:2", {2, 3, 4}},  // either order
                     {"*", {5}},
                     {"3:*", {3, 4, 5}},
                     {"*:4", {4, 5}},
                     {"*:*", {5}},
                     {"5,1,3", {1, 3, 5}},         // ascending
                     {"1:3,2:4,3", {1, 2, 3, 4}},  // overlaps coalesced
                     {"1:*", {1, 2, 3, 4, 5}},
                 });
}

TEST(MailboxView, ResolveMessageNumberBeyondExistsFails) {
  // RFC 9051 9 seq-number: "The server should respond with a tagged BAD response to a
  // command that uses a message sequence number greater than the number of messages".
  MailboxView view = Loaded({10, 20, 30});
  for (const char* set : {"4", "1:4", "2,6", "7:*", "*:9"}) {
    auto r = view.Resolve(ParseSet(set), false, {});
    ASSERT_FALSE(r.has_value()) << set;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << set;
    EXPECT_EQ(r.error().public_text, "invalid message sequence number") << set;
  }
}

TEST(MailboxView, ResolveAnyMessageNumberInAnEmptyMailboxFails) {
  // "*" is the number of messages "in a non-empty mailbox": there is none to name.
  MailboxView view = Loaded({});
  for (const char* set : {"1", "*", "1:*"}) {
    EXPECT_FALSE(view.Resolve(ParseSet(set), false, {}).has_value()) << set;
  }
}

TEST(MailboxView, ResolveUids) {
  ExpectResolves(Loaded({10, 20, 30, 40, 50}), true,
                 {
                     {"20", {2}},
                     {"25", {}},  // RFC 9051 6.4.9: a non-existent UID is ignored
                     {"15:35", {2, 3}},
                     {"35:15", {2, 3}},
                     {"1:9", {}},
                     {"1:4294967295", {1, 2, 3, 4, 5}},
                     {"*", {5}},
                     {"40:*", {4, 5}},
                     // RFC 9051 6.4.9: "a UID range of 559:* always includes the UID of the last
                     // message in the mailbox, even if 559 is higher than any assigned UID value".
                     {"559:*", {5}},
                     {"*:559", {5}},
                     {"50,10,30:30,10:20", {1, 2, 3, 5}},
                 });
}

TEST(MailboxView, ResolveUidsInAnEmptyMailboxIsEmpty) {
  MailboxView view = Loaded({});
  EXPECT_EQ(Resolve(view, "1:*", true), Seqs{});
  EXPECT_EQ(Resolve(view, "*", true), Seqs{});
  EXPECT_EQ(Resolve(view, "5", true), Seqs{});
}

TEST(MailboxView, ResolveSavedResult) {
  // RFC 5182: "$" is the UIDs SEARCH saved; those no longer in the mailbox are left out.
  MailboxView view = Loaded({10, 20, 30, 40});
  const std::vector<store::Uid> saved = {40, 10, 25, 99, 10};
  EXPECT_EQ(Resolve(view, "$", false, saved), (Seqs{1, 4}));
  EXPECT_EQ(Resolve(view, "$", true, saved), (Seqs{1, 4}));
  EXPECT_EQ(Resolve(view, "$", false, {}), Seqs{});
  EXPECT_EQ(Resolve(Loaded({}), "$", false, saved), Seqs{});
}

TEST(MailboxView, ResolveKeepsNumbersOfPendingExpunges) {
  // RFC 9051 7.5.1: until EXPUNGE is sent the client's numbers stay valid.
  MailboxView view = Loaded({10, 20, 30});
  ASSERT_TRUE(view.Apply({}, {20}, kNoRecent, false).empty());
  EXPECT_EQ(Resolve(view, "1:*", false), (Seqs{1, 2, 3}));
  EXPECT_EQ(Resolve(view, "20", true), Seqs{2});
  EXPECT_TRUE(view.IsExpunged(2));
  EXPECT_FALSE(view.IsExpunged(1));
}

// --- Apply: other sessions' changes (RFC 9051 7.4.1, 7.5.1, 7.5.2) ---

TEST(MailboxView, ApplyNothingIsEmpty) {
  MailboxView view = Loaded({1, 2});
  ViewUpdate u = view.Apply({}, {}, kNoRecent, true);
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(view.exists(), 2u);
}

TEST(MailboxView, ApplyNewMessagesReportsExists) {
  MailboxView view = Loaded({1, 2});
  ViewUpdate u = view.Apply({Meta(5, 0, {"New"}, 9), Meta(6, 0, {}, 10)}, {}, kNoRecent, true);
  EXPECT_EQ(u.exists, 4u);
  EXPECT_TRUE(u.expunged.empty());
  EXPECT_TRUE(u.flags_changed.empty());  // new messages are not FETCHed unasked
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{1, 2, 5, 6}));
  EXPECT_EQ(view.Keywords(3), std::vector<std::string>{"New"});
  EXPECT_EQ(view.modseq(), 10u);
}

TEST(MailboxView, ApplyNewMessagesToAnEmptyMailbox) {
  MailboxView view = Loaded({});
  ViewUpdate u = view.Apply({Meta(1), Meta(2)}, {}, 1, true);
  EXPECT_EQ(u.exists, 2u);
  EXPECT_EQ(view.RecentCount(), 2u);
}

TEST(MailboxView, ApplyFlagChangeOfAnotherSession) {
  MailboxView view = Loaded({1, 2, 3});
  ViewUpdate u =
      view.Apply({Meta(3, store::kFlagFlagged, {"Work"}, 20), Meta(1, store::kFlagSeen, {}, 21)},
                 {}, kNoRecent, true);
  EXPECT_FALSE(u.exists);
  EXPECT_EQ(SeqsOf(u.flags_changed), (Seqs{1, 3}));  // ascending
  EXPECT_EQ(view.Flags(1), store::kFlagSeen);
  EXPECT_EQ(view.Flags(3), store::kFlagFlagged);
  EXPECT_EQ(view.Keywords(3), std::vector<std::string>{"Work"});
  EXPECT_EQ(view.modseq(), 21u);
}

TEST(MailboxView, ApplyKeywordOnlyChangeIsReported) {
  MailboxView view;
  view.Load({Meta(1, store::kFlagSeen, {"A"})}, kNoRecent, 0);
  ViewUpdate u = view.Apply({Meta(1, store::kFlagSeen, {"A", "B"}, 30)}, {}, kNoRecent, true);
  EXPECT_EQ(SeqsOf(u.flags_changed), Seqs{1});
  EXPECT_EQ(view.Keywords(1), (std::vector<std::string>{"A", "B"}));
}

TEST(MailboxView, ApplyOwnChangeIsNotReportedAgain) {
  MailboxView view = Loaded({1, 2});
  view.SetFlags(2, store::kFlagSeen, {"Done"});
  ViewUpdate u = view.Apply({Meta(2, store::kFlagSeen, {"Done"}, 40)}, {}, kNoRecent, true);
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(view.modseq(), 40u);
}

TEST(MailboxView, ApplyIgnoresUnknownUids) {
  MailboxView view = Loaded({1, 3});
  // UID 2 is below the highest UID and not in the view (expunged before the view was
  // loaded): neither a flag change nor an expunge of it means anything here.
  ViewUpdate u = view.Apply({Meta(2, store::kFlagSeen, {}, 50)}, {2, 7}, kNoRecent, true);
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{1, 3}));
  EXPECT_FALSE(view.HasPendingExpunges());
}

TEST(MailboxView, ApplyExpungesHigherToLower) {
  // RFC 9051 7.5.1: the last 5 messages of a 9-message mailbox, "a 'higher to lower'
  // server will send successive untagged EXPUNGE responses for message sequence numbers
  // 9, 8, 7, 6, and 5". Each number must be valid after the ones before it.
  MailboxView view = Loaded({1, 2, 3, 4, 5, 6, 7, 8, 9});
  ViewUpdate u = view.Apply({}, {5, 6, 7, 8, 9}, kNoRecent, true);
  EXPECT_FALSE(u.exists);  // "it is not necessary to send an EXISTS response"
  EXPECT_EQ(u.expunged, (Seqs{9, 8, 7, 6, 5}));
  EXPECT_EQ(view.exists(), 4u);
}

TEST(MailboxView, ApplyExpungesScatteredMessages) {
  MailboxView view = Loaded({10, 20, 30, 40, 50});
  ViewUpdate u = view.Apply({}, {40, 20}, kNoRecent, true);
  EXPECT_EQ(u.expunged, (Seqs{4, 2}));
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{10, 30, 50}));
  EXPECT_EQ(view.SeqOf(50), 3u);
}

TEST(MailboxView, ApplyDefersExpungesDuringFetchStoreSearch) {
  // RFC 9051 7.5.1: "An EXPUNGE response MUST NOT be sent ... while responding to a
  // FETCH, STORE, or SEARCH command".
  MailboxView view = Loaded({1, 2, 3});
  ViewUpdate u = view.Apply({}, {2}, kNoRecent, false);
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(view.exists(), 3u);
  EXPECT_TRUE(view.HasPendingExpunges());
  EXPECT_TRUE(view.IsExpunged(2));
  EXPECT_EQ(view.UidAt(3), 3u);

  // The next command that may expunge sends it, without new changes from the store.
  u = view.Apply({}, {}, kNoRecent, true);
  EXPECT_EQ(u.expunged, Seqs{2});
  EXPECT_FALSE(view.HasPendingExpunges());
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{1, 3}));
}

TEST(MailboxView, DeferredExpungesAccumulate) {
  MailboxView view = Loaded({1, 2, 3, 4});
  EXPECT_TRUE(view.Apply({}, {1}, kNoRecent, false).empty());
  EXPECT_TRUE(view.Apply({}, {3, 1}, kNoRecent, false).empty());
  ViewUpdate u = view.Apply({}, {4}, kNoRecent, true);
  EXPECT_EQ(u.expunged, (Seqs{4, 3, 1}));
  EXPECT_EQ(Uids(view), std::vector<store::Uid>{2});
}

TEST(MailboxView, NewMailIsAnnouncedWhileExpungesWait) {
  // EXISTS may be sent during FETCH; the count includes the messages still owed an
  // EXPUNGE, since the client still has them.
  MailboxView view = Loaded({1, 2, 3});
  ViewUpdate u = view.Apply({Meta(4)}, {1}, kNoRecent, false);
  EXPECT_EQ(u.exists, 4u);
  EXPECT_TRUE(u.expunged.empty());
  EXPECT_EQ(view.exists(), 4u);
}

TEST(MailboxView, FlagsOfAMessageOwedAnExpungeAreNotReported) {
  MailboxView view = Loaded({1, 2, 3});
  ViewUpdate u = view.Apply({Meta(2, store::kFlagSeen, {}, 10), Meta(3, store::kFlagSeen, {}, 11)},
                            {2}, kNoRecent, false);
  EXPECT_EQ(SeqsOf(u.flags_changed), Seqs{3});
}

TEST(MailboxView, ExistsThenExpungesThenFetchesInFinalNumbers) {
  // Sent in this order, the client follows: EXISTS 6 (new UID 60), EXPUNGE 4 then 2, and
  // the FETCH of UID 50 carries its number after the expunges (3), not before (5).
  MailboxView view = Loaded({10, 20, 30, 40, 50});
  ViewUpdate u = view.Apply({Meta(50, store::kFlagAnswered, {}, 70), Meta(60, 0, {}, 71)}, {40, 20},
                            kNoRecent, true);
  EXPECT_EQ(u.exists, 6u);
  EXPECT_EQ(u.expunged, (Seqs{4, 2}));
  EXPECT_EQ(SeqsOf(u.flags_changed), Seqs{3});
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{10, 30, 50, 60}));
  EXPECT_EQ(view.Flags(3), store::kFlagAnswered);
}

// RFC 7162 3.2: while expunges wait, the view names a mod-sequence below all of theirs
// (what it had taken in when the first was found); flag updates carry their own.
TEST(MailboxView, ExpungeFloorWhileExpungesWait) {
  MailboxView view = Loaded({1, 2, 3});
  view.Apply({Meta(1, 0, {}, 20)}, {}, kNoRecent, true);
  ASSERT_EQ(view.modseq(), 20u);
  EXPECT_FALSE(view.ExpungeFloor());
  ViewUpdate u = view.Apply({Meta(3, store::kFlagSeen, {}, 22)}, {2}, kNoRecent, false);
  EXPECT_EQ(view.ExpungeFloor(), 20u);
  ASSERT_EQ(u.flags_changed.size(), 1u);
  EXPECT_EQ(u.flags_changed[0], (FlagUpdate{3, 22}));
  // A later deferral keeps the first floor.
  view.Apply({Meta(1, store::kFlagSeen, {}, 25)}, {1}, kNoRecent, false);
  EXPECT_EQ(view.ExpungeFloor(), 20u);
  u = view.Apply({}, {}, kNoRecent, true);
  EXPECT_EQ(u.expunged, (Seqs{2, 1}));
  EXPECT_EQ(u.expunged_uids, (std::vector<store::Uid>{1, 2}));
  EXPECT_FALSE(view.ExpungeFloor());
}

TEST(MailboxView, RemoveReportsTheUidsItRemoved) {
  MailboxView view = Loaded({4, 5, 6});
  std::vector<store::Uid> removed;
  EXPECT_EQ(view.Remove({6, 9, 4}, &removed), (Seqs{3, 1}));
  EXPECT_EQ(removed, (std::vector<store::Uid>{4, 6}));
}

TEST(MailboxView, MessageAddedAndExpungedInOneUpdate) {
  // Announced by EXISTS, then removed: the client never holds a wrong number.
  MailboxView view = Loaded({1, 2});
  ViewUpdate u = view.Apply({Meta(3, 0, {}, 5)}, {3}, kNoRecent, true);
  EXPECT_EQ(u.exists, 3u);
  EXPECT_EQ(u.expunged, Seqs{3});
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{1, 2}));
}

// --- Remove: this session's own EXPUNGE / MOVE ---

TEST(MailboxView, RemoveReturnsNumbersHigherToLower) {
  MailboxView view = Loaded({10, 20, 30, 40, 50});
  EXPECT_EQ(view.Remove({20, 50, 30}), (Seqs{5, 3, 2}));
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{10, 40}));
}

TEST(MailboxView, RemoveSkipsUnknownAndRepeatedUids) {
  MailboxView view = Loaded({10, 20, 30});
  EXPECT_EQ(view.Remove({20, 25, 20, 99}), Seqs{2});
  EXPECT_EQ(view.Remove({}), Seqs{});
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{10, 30}));
}

TEST(MailboxView, RemoveSettlesAPendingExpungeOfTheSameMessage) {
  // Another session expunged UID 2 during our FETCH; then our own EXPUNGE reports it.
  MailboxView view = Loaded({1, 2, 3});
  ASSERT_TRUE(view.Apply({}, {2}, kNoRecent, false).empty());
  EXPECT_EQ(view.Remove({2}), Seqs{2});
  EXPECT_FALSE(view.HasPendingExpunges());
  EXPECT_TRUE(view.Apply({}, {}, kNoRecent, true).empty());
  EXPECT_EQ(Uids(view), (std::vector<store::Uid>{1, 3}));
}

}  // namespace
}  // namespace tern::imap::session
