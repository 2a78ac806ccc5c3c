// NOTIFY (RFC 5465 3.1, 5, 6, 8), with the RFC's own examples.

#include <gtest/gtest.h>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::FeedAll;
using imaptest::Parse;
using imaptest::ParseAs;
using E = NotifyEvent;
using F = NotifyFilter;

TEST(NotifyTest, RfcSection3Example) {
  // As the RFC writes it, events without parentheses, except "(subtree Lists MessageNew)",
  // which its own section 5 makes BAD (see BadCombinations).
  auto c = ParseAs<NotifyCommand>(
      "b notify set status (selected MessageNew (uid body.peek[header.fields (from to "
      "subject)]) MessageExpunge) (subtree Lists MessageNew MessageExpunge)");
  EXPECT_FALSE(c.none);
  EXPECT_TRUE(c.status);
  ASSERT_EQ(c.groups.size(), 2u);
  EXPECT_EQ(c.groups[0].filter, F::kSelected);
  EXPECT_EQ(c.groups[0].events, (std::vector<E>{E::kMessageNew, E::kMessageExpunge}));
  ASSERT_EQ(c.groups[0].fetch.size(), 2u);
  EXPECT_EQ(c.groups[0].fetch[0], FetchItem(FetchAttribute::kUid));
  const auto* body = std::get_if<FetchBody>(&c.groups[0].fetch[1]);
  ASSERT_NE(body, nullptr);
  EXPECT_TRUE(body->peek);
  EXPECT_EQ(body->section.fields, (std::vector<std::string>{"FROM", "TO", "SUBJECT"}));
  EXPECT_EQ(c.groups[1].filter, F::kSubtree);
  EXPECT_EQ(c.groups[1].mailboxes, (std::vector<std::string>{"Lists"}));
  EXPECT_TRUE(c.groups[1].fetch.empty());
  auto r = Parse("b NOTIFY NONE");
  ASSERT_TRUE(r);
  EXPECT_EQ(CommandName(r->body), "NOTIFY");
}

TEST(NotifyTest, RfcSection6Examples) {
  auto a = ParseAs<NotifyCommand>(
      "a notify set (mailboxes INBOX (Messagenew messageExpunge)) (personal "
      "(SubscriptionChange))");
  ASSERT_EQ(a.groups.size(), 2u);
  EXPECT_EQ(a.groups[0].filter, F::kMailboxes);
  EXPECT_EQ(a.groups[0].mailboxes, (std::vector<std::string>{"INBOX"}));
  EXPECT_EQ(a.groups[1].filter, F::kPersonal);
  EXPECT_EQ(a.groups[1].events, (std::vector<E>{E::kSubscriptionChange}));

  auto b = ParseAs<NotifyCommand>(
      "a notify set (selected (Messagenew (uid flags) messageExpunge)) (personal (MessageNew "
      "FlagChange MessageExpunge))");
  ASSERT_EQ(b.groups.size(), 2u);
  EXPECT_EQ(b.groups[0].fetch,
            (std::vector<FetchItem>{FetchAttribute::kUid, FetchAttribute::kFlags}));
  EXPECT_EQ(b.groups[1].events,
            (std::vector<E>{E::kMessageNew, E::kFlagChange, E::kMessageExpunge}));

  auto e = ParseAs<NotifyCommand>(
      "e notify set (selected MessageNew (uid body.peek[header.fields (from to subject)]) "
      "MessageExpunge) (subtree Lists MessageNew MessageExpunge) (mailboxes misc MessageNew "
      "MessageExpunge)");
  ASSERT_EQ(e.groups.size(), 3u);
  EXPECT_FALSE(e.status);
  EXPECT_EQ(e.groups[2].mailboxes, (std::vector<std::string>{"misc"}));
}

TEST(NotifyTest, FiltersAndEvents) {
  auto c = ParseAs<NotifyCommand>(
      "t NOTIFY SET (SELECTED-DELAYED (MessageNew MessageExpunge FlagChange)) (INBOXES NONE) "
      "(SUBSCRIBED (MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange)) "
      "(SUBTREE (a \"b c\" {1}\r\nd) (MailboxName)) (MAILBOXES (x y) (MessageNew "
      "MessageExpunge AnnotationChange))");
  ASSERT_EQ(c.groups.size(), 5u);
  EXPECT_EQ(c.groups[0].filter, F::kSelectedDelayed);
  EXPECT_EQ(c.groups[1].filter, F::kInboxes);
  EXPECT_TRUE(c.groups[1].events.empty());
  EXPECT_EQ(c.groups[2].events, (std::vector<E>{E::kMailboxName, E::kSubscriptionChange,
                                                E::kMailboxMetadataChange,
                                                E::kServerMetadataChange}));
  EXPECT_EQ(c.groups[3].mailboxes, (std::vector<std::string>{"a", "b c", "d"}));
  EXPECT_EQ(c.groups[4].mailboxes, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(c.groups[4].events.back(), E::kAnnotationChange);
  // "inbox" is INBOX, and modified UTF-7 is decoded, as for every mailbox argument.
  auto m = ParseAs<NotifyCommand>("t NOTIFY SET (MAILBOXES (inbox &AOk-t&AOk-) (MailboxName))");
  EXPECT_EQ(m.groups[0].mailboxes, (std::vector<std::string>{"INBOX", "\xC3\xA9t\xC3\xA9"}));
}

TEST(NotifyTest, UnknownEventsAreKeptForBadEvent) {
  auto c = ParseAs<NotifyCommand>("t NOTIFY SET (PERSONAL (MailboxName FutureEvent))");
  EXPECT_EQ(c.groups[0].events, (std::vector<E>{E::kMailboxName}));
  EXPECT_EQ(c.groups[0].unknown_events, (std::vector<std::string>{"FutureEvent"}));
  EXPECT_EQ(NotifyEventName(E::kServerMetadataChange), "ServerMetadataChange");
}

TEST(NotifyTest, BadCombinations) {
  // RFC 5465 5: MessageNew and MessageExpunge together; FlagChange needs both.
  EXPECT_EQ(ErrorText("t NOTIFY SET (subtree Lists MessageNew)"),
            "MessageNew and MessageExpunge go together");
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL (MessageExpunge))"),
            "MessageNew and MessageExpunge go together");
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL (FlagChange))"),
            "FlagChange and AnnotationChange need MessageNew and MessageExpunge");
  EXPECT_EQ(ErrorText("t NOTIFY SET (SELECTED (AnnotationChange MessageNew))"),
            "MessageNew and MessageExpunge go together");
  // 6.1: one selected filter, with message events only.
  EXPECT_EQ(ErrorText("t NOTIFY SET (SELECTED (MessageNew MessageExpunge)) (SELECTED-DELAYED "
                      "NONE)"),
            "only one SELECTED or SELECTED-DELAYED group");
  EXPECT_EQ(ErrorText("t NOTIFY SET (SELECTED (MailboxName))"),
            "only message events apply to the selected mailbox");
  // 8: fetch-atts only for the selected mailbox.
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL (MessageNew (UID) MessageExpunge))"),
            "fetch attributes apply to the selected mailbox only");
}

TEST(NotifyTest, Syntax) {
  EXPECT_EQ(ErrorText("t NOTIFY"), "missing SET or NONE");
  EXPECT_EQ(ErrorText("t NOTIFY ALL"), "expected SET or NONE");
  EXPECT_EQ(ErrorText("t NOTIFY NONE (PERSONAL NONE)"), "unexpected data after NONE");
  EXPECT_EQ(ErrorText("t NOTIFY SET"), "missing event groups");
  EXPECT_EQ(ErrorText("t NOTIFY SET STATUS"), "missing event groups");
  EXPECT_EQ(ErrorText("t NOTIFY SET (EVERYTHING NONE)"), "unknown mailbox filter");
  EXPECT_EQ(ErrorText("t NOTIFY SET (SUBTREE (MailboxName))"), "expected SP before events");
  EXPECT_EQ(ErrorText("t NOTIFY SET (MAILBOXES () (MailboxName))"),
            ErrorText("t SELECT ()"));
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL ())"), "expected event");
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL (MailboxName)"), "expected ) after event group");
  EXPECT_EQ(ErrorText("t NOTIFY SET (PERSONAL (MailboxName)) x"), "expected ( before event group");
  EXPECT_EQ(ErrorText("t NOTIFY SET (SELECTED (MessageNew (NOSUCH) MessageExpunge))"),
            "unknown fetch item");
  EXPECT_EQ(ErrorText("t NOTIFY SET (SELECTED (MessageNew (UID) MessageNew (UID) "
                      "MessageExpunge))"),
            "MessageNew given twice with fetch attributes");
}

TEST(NotifyTest, Limits) {
  std::string many = "t NOTIFY SET (MAILBOXES (";
  for (std::size_t i = 0; i <= kMaxNotifyMailboxNames; ++i) many += "m" + std::to_string(i) + " ";
  many.back() = ')';
  many += " (MailboxName))";
  EXPECT_EQ(ErrorText(many), "too many mailboxes");
  std::string groups = "t NOTIFY SET";
  for (std::size_t i = 0; i <= kMaxNotifyGroups; ++i) groups += " (PERSONAL NONE)";
  EXPECT_EQ(ErrorText(groups), "too many event groups");
  std::string events = "t NOTIFY SET (PERSONAL (";
  for (int i = 0; i < 100; ++i) events += "X ";
  events.back() = ')';
  events += ")";
  EXPECT_EQ(ErrorText(events), "too many events");
}

TEST(NotifyTest, SplitAnywhere) {
  const std::string wire =
      "t NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge)) (MAILBOXES {4}\r\n"
      "misc (MessageNew MessageExpunge))\r\n";
  for (std::size_t chunk : {1u, 2u, 3u, 7u}) {
    std::vector<RawCommand> commands;
    FeedAll(wire, {chunk}, {}, &commands);
    ASSERT_EQ(commands.size(), 1u) << chunk;
    auto r = ParseCommand(commands[0], {});
    ASSERT_TRUE(r) << chunk;
    const auto& c = std::get<NotifyCommand>(r->body);
    EXPECT_EQ(c.groups[1].mailboxes, (std::vector<std::string>{"misc"}));
  }
}

}  // namespace
}  // namespace tern::imap::grammar
