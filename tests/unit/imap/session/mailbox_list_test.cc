#include "imap/session/mailbox_list.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace tern::imap::session {
namespace {

using Lines = std::vector<std::string>;

// Mailboxes by name; "Name=\\Sent" gives one a special use.
std::vector<store::Mailbox> Boxes(const Lines& specs) {
  std::vector<store::Mailbox> out;
  for (const auto& spec : specs) {
    store::Mailbox m;
    const size_t eq = spec.find('=');
    m.name = spec.substr(0, eq);
    if (eq != std::string::npos) m.special_use = spec.substr(eq + 1);
    out.push_back(std::move(m));
  }
  return out;
}

// One line per entry: "name (attributes, sorted)" and " CHILDINFO" when it has
// CHILDINFO ("SUBSCRIBED"). Attribute order carries no meaning (RFC 9051 6.3.9.3 3).
Lines Render(const std::vector<ListEntry>& entries) {
  Lines out;
  for (const auto& e : entries) {
    std::vector<std::string> attributes = e.attributes;
    std::sort(attributes.begin(), attributes.end());
    std::string line = e.name + " (";
    for (size_t i = 0; i < attributes.size(); ++i) {
      if (i > 0) line += ' ';
      line += attributes[i];
    }
    line += ')';
    if (e.child_subscribed) line += " CHILDINFO";
    out.push_back(std::move(line));
  }
  return out;
}

ListRequest Request(Lines patterns, bool rev2 = true) {
  ListRequest r;
  r.patterns = std::move(patterns);
  r.rev2 = rev2;
  return r;
}

ListRequest Subscribed(Lines patterns, bool recursive = false) {
  ListRequest r = Request(std::move(patterns));
  r.subscribed_only = true;
  r.recursive_match = recursive;
  return r;
}

Lines List(const ListRequest& request, const Lines& boxes, const Lines& subscriptions = {}) {
  return Render(ListMailboxes(request, Boxes(boxes), subscriptions));
}

// --- MatchesPattern (RFC 9051 6.3.9) ---

TEST(MatchesPattern, Wildcards) {
  struct Case {
    const char* pattern;
    const char* name;
    bool want;
  };
  const Case cases[] = {
      {"*", "a", true},
      {"*", "a/b/c", true},
      {"%", "a", true},
      {"%", "a/b", false},  // "%" does not match the hierarchy delimiter
      {"a/%", "a/b", true},
      {"a/%", "a/b/c", false},
      {"a/*", "a/b/c", true},
      {"a/*", "a", false},
      {"a*", "a", true},  // zero or more characters
      {"a%", "a", true},
      {"%/%", "a/b", true},
      {"%/%", "a/b/c", false},
      {"*/c", "a/b/c", true},
      {"a%c", "abbc", true},
      {"a%c", "ab/c", false},
      {"a*c", "ab/c", true},
      {"Fruit", "Fruit", true},
      {"Fruit", "fruit", false},  // other names are case-sensitive
      {"Fruit", "Fruits", false},
      {"Fruit", "Frui", false},
      {"Fr?it", "Fruit", false},  // no other wildcards
      {"", "", true},
      {"", "a", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(MatchesPattern(c.pattern, c.name), c.want) << c.pattern << " ~ " << c.name;
  }
}

TEST(MatchesPattern, InboxIsCaseInsensitiveAsAWholeFirstLevel) {
  EXPECT_TRUE(MatchesPattern("INBOX", "INBOX"));
  EXPECT_TRUE(MatchesPattern("inbox", "INBOX"));
  EXPECT_TRUE(MatchesPattern("InBoX", "INBOX"));
  EXPECT_TRUE(MatchesPattern("inbox/%", "INBOX/Sub"));
  EXPECT_TRUE(MatchesPattern("Inbox/*", "INBOX/a/b"));
  EXPECT_FALSE(MatchesPattern("inbox/sub", "INBOX/Sub"));  // only the first level folds
  EXPECT_FALSE(MatchesPattern("inboxes", "INBOXES"));
  EXPECT_FALSE(MatchesPattern("Archive/inbox", "Archive/INBOX"));
}

TEST(MatchesPattern, HostilePatternStaysFast) {
  // Backtracking matchers take exponential time here; this one is linear per character.
  const std::string name(4000, 'a');
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a%";
  pattern += "b";
  EXPECT_FALSE(MatchesPattern(pattern, name));
  EXPECT_TRUE(MatchesPattern(pattern.substr(0, pattern.size() - 1), name));
}

// --- CanonicalPattern (RFC 9051 6.3.9, Table 1) ---

TEST(CanonicalPattern, ReferenceIsPrefixed) {
  EXPECT_EQ(CanonicalPattern("", "*"), "*");
  EXPECT_EQ(CanonicalPattern("archive/", "%"), "archive/%");
  EXPECT_EQ(CanonicalPattern("~smith/Mail/", "foo.*"), "~smith/Mail/foo.*");
  EXPECT_EQ(CanonicalPattern("Fruit", "/Apple"), "/Apple");  // a rooted name breaks out
  EXPECT_EQ(CanonicalPattern("~smith/Mail/", "/usr/doc/foo"), "/usr/doc/foo");
  // Implementation defined without a trailing delimiter; Tern joins as Dovecot does.
  EXPECT_EQ(CanonicalPattern("Fruit", "s"), "Fruits");
  EXPECT_EQ(CanonicalPattern("Fruit/", ""), "Fruit/");
}

// --- ListMailboxes: the RFC 9051 6.3.9.8 examples, IMAP4rev2 ---

const Lines kExampleBoxes = {"INBOX", "Fruit",     "Fruit/Apple",        "Fruit/Banana",
                             "Tofu",  "Vegetable", "Vegetable/Broccoli", "Vegetable/Corn"};
const Lines kExampleSubscriptions = {"INBOX", "Fruit/Banana", "Fruit/Peach", "Vegetable",
                                     "Vegetable/Broccoli"};

TEST(ListMailboxes, Example1AllMailboxesInboxFirst) {
  EXPECT_EQ(List(Request({"*"}), kExampleBoxes),
            (Lines{"INBOX (\\HasNoChildren)", "Fruit (\\HasChildren)",
                   "Fruit/Apple (\\HasNoChildren)", "Fruit/Banana (\\HasNoChildren)",
                   "Tofu (\\HasNoChildren)", "Vegetable (\\HasChildren)",
                   "Vegetable/Broccoli (\\HasNoChildren)", "Vegetable/Corn (\\HasNoChildren)"}));
}

TEST(ListMailboxes, Example2SubscribedSelection) {
  EXPECT_EQ(
      List(Subscribed({"*"}), kExampleBoxes, kExampleSubscriptions),
      (Lines{"INBOX (\\HasNoChildren \\Subscribed)", "Fruit/Banana (\\HasNoChildren \\Subscribed)",
             "Fruit/Peach (\\HasNoChildren \\NonExistent \\Subscribed)",
             "Vegetable (\\HasChildren \\Subscribed)",
             "Vegetable/Broccoli (\\HasNoChildren \\Subscribed)"}));
}

TEST(ListMailboxes, Example3TopLevelWithChildren) {
  EXPECT_EQ(List(Request({"%"}), kExampleBoxes),
            (Lines{"INBOX (\\HasNoChildren)", "Fruit (\\HasChildren)", "Tofu (\\HasNoChildren)",
                   "Vegetable (\\HasChildren)"}));
}

TEST(ListMailboxes, Example6ReturnSubscribedListsNoMissingMailbox) {
  ListRequest r = Request({"*"});
  r.return_subscribed = true;
  EXPECT_EQ(List(r, kExampleBoxes, kExampleSubscriptions),
            (Lines{"INBOX (\\HasNoChildren \\Subscribed)", "Fruit (\\HasChildren)",
                   "Fruit/Apple (\\HasNoChildren)", "Fruit/Banana (\\HasNoChildren \\Subscribed)",
                   "Tofu (\\HasNoChildren)", "Vegetable (\\HasChildren \\Subscribed)",
                   "Vegetable/Broccoli (\\HasNoChildren \\Subscribed)",
                   "Vegetable/Corn (\\HasNoChildren)"}));
}

const Lines kExample7Boxes = {"INBOX", "Foo", "Foo/Bar", "Foo/Baz", "Moo"};

TEST(ListMailboxes, Example7ASubscribedPercentListsOnlySubscribedNames) {
  // RFC 9051 6.3.9.8 example 7 A: with only "Foo/Baz" subscribed, <LIST (SUBSCRIBED) ""
  // "%"> "will return no mailboxes". 6.3.9.3 2: a name is listed only if it satisfies
  // the selection criteria, or (RECURSIVEMATCH only) for CHILDINFO.
  // DISAGREES WITH THE CODE: Tern lists "Foo (\HasChildren)", taking the LSUB "%" rule
  // of RFC 3501 6.3.9 for the SUBSCRIBED selection too.
  EXPECT_EQ(List(Subscribed({"%"}), kExample7Boxes, {"Foo/Baz"}), Lines{});
  EXPECT_EQ(List(Subscribed({"*"}), kExample7Boxes, {"Foo/Baz"}),
            Lines{"Foo/Baz (\\HasNoChildren \\Subscribed)"});
}

TEST(ListMailboxes, Example7ARecursiveMatchGivesChildInfo) {
  EXPECT_EQ(List(Subscribed({"%"}, true), kExample7Boxes, {"Foo/Baz"}),
            Lines{"Foo (\\HasChildren) CHILDINFO"});
}

TEST(ListMailboxes, Example7A1SubscribedParentKeepsChildInfo) {
  // RFC 9051 6.3.9.8 example 7 A1 and 6.3.9.6 Table 3 (exists, meets the criteria, has a
  // child that does): "(<attr>) + CHILDINFO".
  // DISAGREES WITH THE CODE: Tern gives CHILDINFO only to names that are not subscribed.
  EXPECT_EQ(List(Subscribed({"%"}, true), kExample7Boxes, {"Foo", "Foo/Baz"}),
            Lines{"Foo (\\HasChildren \\Subscribed) CHILDINFO"});
}

TEST(ListMailboxes, Example7A2MissingParentIsNonExistentWithChildInfo) {
  EXPECT_EQ(List(Subscribed({"%"}, true), {"INBOX", "Foo/Bar", "Foo/Baz", "Moo"}, {"Foo/Baz"}),
            Lines{"Foo (\\HasChildren \\NonExistent) CHILDINFO"});
}

TEST(ListMailboxes, Example7BNothingSubscribedListsNothing) {
  EXPECT_EQ(List(Subscribed({"%"}, true), kExample7Boxes), Lines{});
}

TEST(ListMailboxes, Example7CSubscribedParentsWithoutSubscribedChildren) {
  EXPECT_EQ(List(Subscribed({"%"}, true), kExample7Boxes, {"Foo", "Moo"}),
            (Lines{"Foo (\\HasChildren \\Subscribed)", "Moo (\\HasNoChildren \\Subscribed)"}));
}

const Lines kExample8Boxes = {"INBOX", "foo2",       "foo2/bar1",  "foo2/bar2",
                              "baz2",  "baz2/bar2",  "baz2/bar22", "baz2/bar222",
                              "eps2",  "eps2/mamba", "qux2/bar2"};
const Lines kExample8Subscriptions = {"foo2/bar1",   "foo2/bar2", "baz2/bar2",  "baz2/bar22",
                                      "baz2/bar222", "eps2",      "eps2/mamba", "qux2/bar2"};

TEST(ListMailboxes, Example8ChildInfoWhetherOrNotChildrenMatch) {
  // RFC 9051 6.3.9.8 example 8, D03 with "*2" (in name order, as ListMailboxes promises;
  // the order of LIST responses carries no meaning). "baz2" and "qux2" have CHILDINFO only
  // redundantly (every subscribed child is listed too); 6.3.9.6: servers SHOULD suppress
  // that.
  // DISAGREES WITH THE CODE: Tern lists "eps2" (subscribed, with a subscribed child that
  // does not match) without CHILDINFO, and lists the redundant "baz2" and "qux2".
  EXPECT_EQ(
      List(Subscribed({"*2"}, true), kExample8Boxes, kExample8Subscriptions),
      (Lines{
          "baz2/bar2 (\\HasNoChildren \\Subscribed)", "baz2/bar22 (\\HasNoChildren \\Subscribed)",
          "baz2/bar222 (\\HasNoChildren \\Subscribed)",
          "eps2 (\\HasChildren \\Subscribed) CHILDINFO", "foo2 (\\HasChildren) CHILDINFO",
          "foo2/bar2 (\\HasNoChildren \\Subscribed)", "qux2/bar2 (\\HasNoChildren \\Subscribed)"}));
}

TEST(ListMailboxes, Example9SubscribedChildOfAMailboxThatHasNone) {
  const Lines boxes = {"foo"};
  const Lines subs = {"foo/bar"};
  EXPECT_EQ(List(Request({"foo"}), boxes, subs), Lines{"foo (\\HasNoChildren)"});
  EXPECT_EQ(List(Subscribed({"foo/*"}), boxes, subs),
            Lines{"foo/bar (\\HasNoChildren \\NonExistent \\Subscribed)"});
  // CHILDINFO does not imply \HasChildren: "foo/bar" is only a subscription.
  EXPECT_EQ(List(Subscribed({"foo"}, true), boxes, subs), Lines{"foo (\\HasNoChildren) CHILDINFO"});
}

TEST(ListMailboxes, Example10MissingLevels) {
  const Lines boxes = {"music/rock"};
  EXPECT_EQ(List(Request({"*"}), boxes), Lines{"music/rock (\\HasNoChildren)"});
  EXPECT_EQ(List(Request({"%"}), boxes), Lines{"music (\\HasChildren \\NonExistent)"});
  // Both patterns: "music" may be left out or listed; Tern lists it.
  EXPECT_EQ(List(Request({"%", "music/rock"}), boxes),
            (Lines{"music (\\HasChildren \\NonExistent)", "music/rock (\\HasNoChildren)"}));
}

TEST(ListMailboxes, ExactNameOfAMissingLevelIsNotListed) {
  // RFC 5258 3 (RFC 9051 6.3.9.3): "mailbox names that match the canonical LIST pattern
  // but don't exist must not be returned unless" they satisfy the selection criteria or
  // RECURSIVEMATCH applies; only a pattern ending in "%" returns levels (RFC 9051 6.3.9).
  // DISAGREES WITH THE CODE: Tern lists "music (\HasChildren \NonExistent)" for any
  // pattern without "*".
  EXPECT_EQ(List(Request({"music"}), {"music/rock"}), Lines{});
}

TEST(ListMailboxes, PercentPatternListsLevelsBesideAStarPattern) {
  // RFC 9051 6.3.9: "If the "%" wildcard is the last character of a mailbox name
  // argument, matching levels of hierarchy are also returned" -- per argument.
  // DISAGREES WITH THE CODE: one "*" pattern anywhere in the request turns levels off
  // for every pattern, so "music" is missing.
  EXPECT_EQ(List(Request({"%", "nothing*"}), {"music/rock"}),
            Lines{"music (\\HasChildren \\NonExistent)"});
}

TEST(ListMailboxes, Rev1LevelsAreNoselect) {
  // RFC 9051 6.3.9.8 (basic): "LIST ~/Mail/ %" gives "(\Noselect) ~/Mail/foo"; IMAP4rev1
  // (RFC 3501 6.3.8) has no \NonExistent.
  EXPECT_EQ(List(Request({"Mail/%"}, false), {"Mail/foo/x", "Mail/meetings"}),
            (Lines{"Mail/foo (\\HasChildren \\Noselect)", "Mail/meetings (\\HasNoChildren)"}));
}

TEST(ListMailboxes, ListExtendedMarksMissingSubscriptionsNonExistentInRev1Too) {
  // The SUBSCRIBED selection is LIST-EXTENDED (RFC 5258), offered in IMAP4rev1 as well;
  // RFC 5258 3: "The "\NonExistent" attribute MUST be supported and MUST be accurately
  // computed", and its example 2 is "(\Subscribed \NonExistent) "/" "Fruit/Peach"".
  // DISAGREES WITH THE CODE: ListRequest cannot tell an extended LIST, so a rev1 session
  // gets \Noselect.
  ListRequest r = Subscribed({"Fruit/*"});
  r.rev2 = false;
  EXPECT_EQ(List(r, kExampleBoxes, kExampleSubscriptions),
            (Lines{"Fruit/Banana (\\HasNoChildren \\Subscribed)",
                   "Fruit/Peach (\\HasNoChildren \\NonExistent \\Subscribed)"}));
}

TEST(ListMailboxes, InboxMatchesAnyCaseAndComesFirst) {
  const Lines boxes = {"Archive", "INBOX", "INBOX/Sub", "Zed"};
  EXPECT_EQ(List(Request({"inbox"}), boxes), Lines{"INBOX (\\HasChildren)"});
  EXPECT_EQ(List(Request({"Inbox/%"}), boxes), Lines{"INBOX/Sub (\\HasNoChildren)"});
  EXPECT_EQ(List(Request({"*"}), boxes),
            (Lines{"INBOX (\\HasChildren)", "Archive (\\HasNoChildren)",
                   "INBOX/Sub (\\HasNoChildren)", "Zed (\\HasNoChildren)"}));
}

TEST(ListMailboxes, SeveralPatternsListEachNameOnce) {
  // RFC 9051 6.3.9.3 1: at most one LIST response per name.
  EXPECT_EQ(List(Request({"Fruit", "F%", "*t"}), kExampleBoxes), Lines{"Fruit (\\HasChildren)"});
}

TEST(ListMailboxes, ExistsIsSetForRealMailboxesOnly) {
  auto entries = ListMailboxes(Request({"%", "%/%"}), Boxes({"a/b"}), {});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "a");
  EXPECT_FALSE(entries[0].exists);
  EXPECT_EQ(entries[1].name, "a/b");
  EXPECT_TRUE(entries[1].exists);
}

// --- LSUB (RFC 3501 6.3.9) ---

TEST(ListMailboxes, LsubPercentListsUnsubscribedParentAsNoselect) {
  // "A "%" wildcard to LSUB must return foo, not foo/bar, in the LSUB response, and it
  // MUST be flagged with the \Noselect attribute." LSUB has no child attributes.
  ListRequest r = Request({"%"}, false);
  r.lsub = true;
  EXPECT_EQ(List(r, {"foo", "foo/bar"}, {"foo/bar"}), Lines{"foo (\\Noselect)"});
  r.patterns = {"*"};
  EXPECT_EQ(List(r, {"foo", "foo/bar"}, {"foo/bar"}), Lines{"foo/bar ()"});
}

TEST(ListMailboxes, LsubExampleOfRfc3501) {
  // "LSUB "#news." "comp.%"" -> "(\NoSelect) #news.comp.mail", with "/" as delimiter.
  ListRequest r = Request({CanonicalPattern("news/", "comp/%")}, false);
  r.lsub = true;
  const Lines subs = {"news/comp/mail/mime", "news/comp/mail/misc"};
  EXPECT_EQ(List(r, {}, subs), Lines{"news/comp/mail (\\Noselect)"});
  r.patterns = {CanonicalPattern("news/", "comp/mail/*")};
  EXPECT_EQ(List(r, {}, subs), (Lines{"news/comp/mail/mime ()", "news/comp/mail/misc ()"}));
}

TEST(ListMailboxes, LsubKeepsSubscriptionsOfDeletedMailboxes) {
  // RFC 3501 6.3.9: a subscription outlives its mailbox.
  ListRequest r = Request({"*"}, false);
  r.lsub = true;
  EXPECT_EQ(List(r, {"INBOX"}, {"INBOX", "Gone"}), (Lines{"INBOX ()", "Gone ()"}));
}

// --- SPECIAL-USE (RFC 6154) ---

const Lines kSpecialBoxes = {"INBOX", "Archive=\\Archive", "Sent=\\Sent", "Work",
                             "Work/Junk=\\Junk"};

TEST(ListMailboxes, SpecialUseAttributesAreReturned) {
  EXPECT_EQ(List(Request({"*"}), kSpecialBoxes),
            (Lines{"INBOX (\\HasNoChildren)", "Archive (\\Archive \\HasNoChildren)",
                   "Sent (\\HasNoChildren \\Sent)", "Work (\\HasChildren)",
                   "Work/Junk (\\HasNoChildren \\Junk)"}));
  ListRequest r = Request({"*"});
  r.return_special_use = false;
  EXPECT_EQ(List(r, kSpecialBoxes),
            (Lines{"INBOX (\\HasNoChildren)", "Archive (\\HasNoChildren)", "Sent (\\HasNoChildren)",
                   "Work (\\HasChildren)", "Work/Junk (\\HasNoChildren)"}));
}

TEST(ListMailboxes, SpecialUseSelection) {
  ListRequest r = Request({"*"});
  r.special_use_only = true;
  EXPECT_EQ(List(r, kSpecialBoxes),
            (Lines{"Archive (\\Archive \\HasNoChildren)", "Sent (\\HasNoChildren \\Sent)",
                   "Work/Junk (\\HasNoChildren \\Junk)"}));
  r.patterns = {"%"};
  EXPECT_EQ(List(r, kSpecialBoxes),
            (Lines{"Archive (\\Archive \\HasNoChildren)", "Sent (\\HasNoChildren \\Sent)"}));
}

TEST(ListMailboxes, SelectionOptionsAreCumulative) {
  // RFC 9051 6.3.9: "a mailbox that matches the mailbox patterns is selected only if it
  // also matches all of the selection options".
  ListRequest r = Subscribed({"*"});
  r.special_use_only = true;
  EXPECT_EQ(List(r, kSpecialBoxes, {"INBOX", "Sent", "Work"}),
            Lines{"Sent (\\HasNoChildren \\Sent \\Subscribed)"});
}

}  // namespace
}  // namespace tern::imap::session
