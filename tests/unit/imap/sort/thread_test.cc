// THREAD=ORDEREDSUBJECT and THREAD=REFERENCES (RFC 5256 3) on small hand-made mailboxes,
// the thread-list form of RFC 5256 4, and the corpus in tests/data/threads.
#include "imap/sort/thread.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "imap/sort/collation.h"
#include "imap/sort/sorter.h"
#include "imap/sort/summary.h"
#include "mail/envelope.h"
#include "mail/header.h"
#include "mail/mime_parser.h"

namespace tern::imap::sort {
namespace {

// A message as the tests write it: seq (= number), sent date, raw subject, Message-ID,
// References.
ThreadMessage Msg(uint32_t seq, int64_t sent, std::string subject, std::string id = "",
                  std::string references = "") {
  mail::Envelope env;
  env.subject = std::move(subject);
  env.date = "1 Jan 2000 00:00:" + std::to_string(10 + sent) + " +0000";
  if (!id.empty()) env.message_id = "<" + id + ">";
  return MakeThreadMessage(SummarizeHeader(env, references), 0, seq, seq);
}

std::string References(const std::vector<ThreadMessage>& m) {
  return FormatThreads(ThreadReferences(m));
}
std::string Ordered(const std::vector<ThreadMessage>& m) {
  return FormatThreads(ThreadOrderedSubject(m));
}

TEST(ThreadFormatTest, Rfc5256Section4Examples) {
  // (2)(3 6 (4 23)(44 7 96)) and ((3)(5)), built by hand.
  ThreadForest f;
  auto add = [&](uint32_t number, std::vector<uint32_t> children) {
    f.nodes.push_back({number, std::move(children)});
    return static_cast<uint32_t>(f.nodes.size() - 1);
  };
  const uint32_t n96 = add(96, {});
  const uint32_t n7 = add(7, {n96});
  const uint32_t n44 = add(44, {n7});
  const uint32_t n23 = add(23, {});
  const uint32_t n4 = add(4, {n23});
  const uint32_t n6 = add(6, {n4, n44});
  const uint32_t n3 = add(3, {n6});
  const uint32_t n2 = add(2, {});
  f.roots = {n2, n3};
  EXPECT_EQ(FormatThreads(f), "(2)(3 6 (4 23)(44 7 96))");
  ThreadForest d;
  d.nodes = {{3, {}}, {5, {}}, {0, {0, 1}}};
  d.roots = {2};
  EXPECT_EQ(FormatThreads(d), "((3)(5))");
  EXPECT_EQ(FormatThreads(ThreadForest{}), "");
}

TEST(ThreadFormatTest, DeepChainIsIterative) {
  ThreadForest f;
  const uint32_t n = 200000;
  for (uint32_t i = 0; i < n; ++i) {
    f.nodes.push_back({i + 1, i + 1 < n ? std::vector<uint32_t>{i + 1} : std::vector<uint32_t>{}});
  }
  f.roots = {0};
  const std::string out = FormatThreads(f);
  EXPECT_EQ(out.substr(0, 6), "(1 2 3");
  EXPECT_EQ(out.back(), ')');
  // A deep spine where every node has a leaf and the next spine node as children.
  ThreadForest g;
  const uint32_t spine = 50000;
  for (uint32_t i = 0; i < spine; ++i) {
    std::vector<uint32_t> children = {2 * i + 1};
    if (i + 1 < spine) children.push_back(2 * i + 2);
    g.nodes.push_back({2 * i + 1, children});
    g.nodes.push_back({2 * i + 2, {}});
  }
  g.roots = {0};
  const std::string nested = FormatThreads(g);
  EXPECT_EQ(nested.substr(0, 12), "(1 (2)(3 (4)");
  EXPECT_EQ(std::count(nested.begin(), nested.end(), '('),
            std::count(nested.begin(), nested.end(), ')'));
}

TEST(OrderedSubjectTest, GroupsBySubjectSortsByDate) {
  const std::vector<ThreadMessage> m = {
      Msg(1, 5, "Hello"),         Msg(2, 1, "Other"),     Msg(3, 3, "Re: hello"),
      Msg(4, 2, "[list] HELLO"),  Msg(5, 4, "Fwd: other"), Msg(6, 6, "Third"),
      Msg(7, 0, "re: Hello (fwd)")};
  // Hello-thread by date: 7(0) 4(2) 3(3) 1(5); Other: 2(1) 5(4); Third: 6.
  EXPECT_EQ(Ordered(m), "(7 (4)(3)(1))(2 5)(6)");
  EXPECT_EQ(Ordered({}), "");
  // Equal dates: mailbox order.
  EXPECT_EQ(Ordered({Msg(1, 1, "b"), Msg(2, 1, "a"), Msg(3, 1, "b")}), "(1 3)(2)");
}

TEST(ReferencesTest, ParentsFromReferencesAndInReplyTo) {
  EXPECT_EQ(References({Msg(1, 1, "a", "1@x"), Msg(2, 2, "b", "2@x", "<1@x>"),
                        Msg(3, 3, "c", "3@x", "<1@x> <2@x>"), Msg(4, 4, "d", "4@x", "<1@x>")}),
            "(1 (2 3)(4))");
  // In-Reply-To only when there are no References.
  mail::Envelope env;
  env.subject = "x";
  env.message_id = "<2@x>";
  env.in_reply_to = "<1@x> (message from joe <other@x>)";
  auto reply = MakeThreadMessage(SummarizeHeader(env, ""), 100, 2, 2);
  EXPECT_EQ(reply.references, std::vector<std::string>{"1@x"});
  EXPECT_EQ(reply.sent, 100);  // no Date: the internal date
  EXPECT_EQ(References({Msg(1, 1, "y", "1@x"), reply}), "(1 2)");
  env.in_reply_to = "<9@x>";
  EXPECT_EQ(MakeThreadMessage(SummarizeHeader(env, "<1@x>"), 0, 2, 2).references,
            std::vector<std::string>{"1@x"});
}

TEST(ReferencesTest, DummiesArePrunedOrKept) {
  // Two replies to a message not in the mailbox: a dummy parent at the top.
  EXPECT_EQ(References({Msg(1, 1, "a", "1@x", "<0@x>"), Msg(2, 2, "b", "2@x", "<0@x>")}),
            "((1)(2))");
  // One reply: the dummy goes and its child is promoted.
  EXPECT_EQ(References({Msg(1, 1, "a", "1@x", "<0@x>")}), "(1)");
  // Dummies inside a thread are spliced out.
  EXPECT_EQ(References({Msg(1, 1, "a", "1@x"), Msg(2, 2, "b", "2@x", "<1@x> <gone@x>"),
                        Msg(3, 3, "c", "3@x", "<1@x> <gone@x>")}),
            "(1 (2)(3))");
}

TEST(ReferencesTest, LoopsAndDuplicates) {
  // Each names the other as parent: the second link would close a loop.
  EXPECT_EQ(References({Msg(1, 1, "a", "a@x", "<b@x>"), Msg(2, 2, "b", "b@x", "<a@x>")}),
            "(2 1)");
  // A message naming itself.
  EXPECT_EQ(References({Msg(1, 1, "a", "a@x", "<a@x>")}), "(1)");
  // The second message with a Message ID gets a unique one: replies go to the first.
  EXPECT_EQ(References({Msg(1, 1, "a", "d@x"), Msg(2, 2, "b", "d@x"),
                        Msg(3, 3, "c", "3@x", "<d@x>")}),
            "(1 3)(2)");
  // Step 1.B: a message whose node got a parent from an earlier message's References
  // (x -> b) takes the parent its own References name (y) instead.
  EXPECT_EQ(References({Msg(1, 1, "a", "x@x"), Msg(2, 2, "b", "a@x", "<x@x> <b@x>"),
                        Msg(3, 3, "c", "b@x", "<y@x>")}),
            "(1)(3 2)");
}

TEST(ReferencesTest, SubjectMerging) {
  // A reply without references joins the thread of its base subject.
  EXPECT_EQ(References({Msg(1, 1, "Hello"), Msg(2, 2, "Re: Hello")}), "(1 2)");
  // Two non-replies with one subject: siblings under a dummy.
  EXPECT_EQ(References({Msg(1, 1, "Hello"), Msg(2, 2, "Hello")}), "((1)(2))");
  // Two replies: the same.
  EXPECT_EQ(References({Msg(1, 1, "Re: Hello"), Msg(2, 2, "re: hello")}), "((1)(2))");
  // The earlier one is the reply: the original still becomes the parent.
  EXPECT_EQ(References({Msg(1, 1, "Re: Hello"), Msg(2, 2, "Hello")}), "(2 1)");
  // A thread under a dummy takes in a same-subject message.
  EXPECT_EQ(References({Msg(1, 1, "Topic", "1@x", "<0@x>"), Msg(2, 2, "Re: Topic", "2@x", "<0@x>"),
                        Msg(3, 3, "Re: Topic")}),
            "((1)(2)(3))");
  // Empty subjects are never merged.
  EXPECT_EQ(References({Msg(1, 1, ""), Msg(2, 2, "Re:")}), "(1)(2)");
}

// tests/data/threads/<set>/: messages 1.eml, 2.eml, ... (sequence numbers; internal date
// 1000000000 + n) and `expected`, lines "REFERENCES <threads>" and
// "ORDEREDSUBJECT <threads>" worked out by hand from RFC 5256 3.
TEST(ThreadCorpusTest, ExpectedThreads) {
  const std::filesystem::path root = std::filesystem::path(TERN_TEST_DATA_DIR) / "threads";
  int sets = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    ++sets;
    std::vector<ThreadMessage> messages;
    for (uint32_t n = 1;; ++n) {
      std::ifstream in(dir.path() / (std::to_string(n) + ".eml"), std::ios::binary);
      if (!in) break;
      std::stringstream text;
      text << in.rdbuf();
      // As the indexer summarises a stored message.
      const std::string message = text.str();
      messages.push_back(
          MakeThreadMessage(Summarize(message, mail::ParseMessage(message)), 1000000000 + n, n, n));
    }
    ASSERT_FALSE(messages.empty()) << dir.path();
    std::ifstream expected(dir.path() / "expected");
    ASSERT_TRUE(expected) << dir.path();
    std::string line;
    int checked = 0;
    while (std::getline(expected, line)) {
      if (line.empty() || line[0] == '#') continue;
      const std::size_t sp = line.find(' ');
      const std::string algorithm = line.substr(0, sp);
      const std::string want = sp == std::string::npos ? "" : line.substr(sp + 1);
      if (algorithm == "REFERENCES") {
        EXPECT_EQ(References(messages), want) << dir.path();
      } else if (algorithm == "ORDEREDSUBJECT") {
        EXPECT_EQ(Ordered(messages), want) << dir.path();
      } else {
        ADD_FAILURE() << dir.path() << ": unknown line " << line;
      }
      ++checked;
    }
    EXPECT_EQ(checked, 2) << dir.path();
  }
  EXPECT_GE(sets, 4);
}

}  // namespace
}  // namespace tern::imap::sort
