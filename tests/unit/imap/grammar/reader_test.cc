#include "imap/grammar/reader.h"

#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using namespace std::string_literals;
using imaptest::Event;
using imaptest::FeedAll;

const std::string kSession =
    "a1 CAPABILITY\r\n"
    "a2 LOGIN {4}\r\nfred {7}\r\nfat man\r\n"
    "a3 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n"
    "a4 SELECT INBOX\nA5 APPEND saved (\\Seen) {11}\r\nhello\r\nbye!\r\n"
    "a6 APPEND {5}\r\nINBOX ~{3}\r\n\0\1\2 {2+}\r\nhi\r\n"
    "a7 SEARCH SUBJECT \"{5}\"\r\n"
    "a8 NOOP\r\n"s;

TEST(CommandReaderTest, SessionEvents) {
  const std::string& wire = kSession;
  const auto events = FeedAll(wire, {});
  ASSERT_EQ(events.size(), 16u);
  EXPECT_EQ(events[0], (Event{FeedStatus::kCommand, "a1 CAPABILITY"}));
  EXPECT_EQ(events[1], (Event{FeedStatus::kNeedLiteral, "4"}));
  EXPECT_EQ(events[3], (Event{FeedStatus::kCommand, "a2 LOGIN {4}\r\nfred {7}\r\nfat man"}));
  EXPECT_EQ(events[7], (Event{FeedStatus::kCommand, "a4 SELECT INBOX"}));
  EXPECT_EQ(events[8], (Event{FeedStatus::kNeedLiteral, "11"}));
  EXPECT_EQ(events[9].detail, "A5 APPEND saved (\\Seen) {11}\r\nhello\r\nbye!");
  EXPECT_EQ(events[13].detail, "a6 APPEND {5}\r\nINBOX ~{3}\r\n\0\1\2 {2+}\r\nhi"s);
  EXPECT_EQ(events[14], (Event{FeedStatus::kCommand, "a7 SEARCH SUBJECT \"{5}\""}));
  EXPECT_EQ(events[15], (Event{FeedStatus::kCommand, "a8 NOOP"}));
}

TEST(CommandReaderTest, ByteByByteAndRandomChunksAgree) {
  const std::string& wire = kSession;
  const auto whole = FeedAll(wire, {});
  EXPECT_EQ(FeedAll(wire, {1}), whole);
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    std::vector<std::size_t> chunks;
    for (int k = 0; k < 16; ++k) chunks.push_back(1 + rng() % 23);
    EXPECT_EQ(FeedAll(wire, chunks), whole) << "iteration " << i;
  }
}

TEST(CommandReaderTest, LiteralRequestDetails) {
  CommandReader reader;
  auto r = reader.Feed("t1 APPEND {5}\r\n");
  ASSERT_EQ(r.status, FeedStatus::kNeedLiteral);
  EXPECT_FALSE(r.literal.append_message);  // the mailbox name
  EXPECT_TRUE(r.literal.synchronizing);
  EXPECT_EQ(r.literal.tag, "t1");
  reader.AcceptLiteral();
  r = reader.Feed("INBOX (\\Seen) ~{100+}\r\n");
  ASSERT_EQ(r.status, FeedStatus::kNeedLiteral);
  EXPECT_TRUE(r.literal.append_message);
  EXPECT_TRUE(r.literal.binary);
  EXPECT_FALSE(r.literal.synchronizing);
  EXPECT_EQ(r.literal.size, 100u);
}

TEST(CommandReaderTest, StreamedAppendLiteral) {
  CommandReader reader;
  std::string input = "t1 APPEND INBOX {10}\r\n0123456789 {3}\r\nabc\r\nt2 NOOP\r\n";
  std::string_view in = input;
  auto r = reader.Feed(in);
  ASSERT_EQ(r.status, FeedStatus::kNeedLiteral);
  ASSERT_TRUE(r.literal.append_message);
  in.remove_prefix(r.consumed);
  reader.StreamLiteral(7);
  EXPECT_EQ(in.substr(0, 10), "0123456789");  // the session copies these to storage
  in.remove_prefix(10);
  r = reader.Feed(in);
  ASSERT_EQ(r.status, FeedStatus::kNeedLiteral);
  in.remove_prefix(r.consumed);
  reader.StreamLiteral(8);
  in.remove_prefix(3);
  r = reader.Feed(in);
  ASSERT_EQ(r.status, FeedStatus::kCommand);
  in.remove_prefix(r.consumed);
  RawCommand raw = reader.TakeCommand();
  EXPECT_EQ(raw.text, "t1 APPEND INBOX {10}\r\n {3}\r\n");
  ASSERT_EQ(raw.literals.size(), 2u);
  EXPECT_EQ(raw.literals[0].stream_handle, 7u);
  auto cmd = ParseCommand(raw);
  ASSERT_TRUE(cmd.has_value()) << cmd.error().error.public_text;
  const auto& append = std::get<AppendCommand>(cmd->body);
  ASSERT_EQ(append.messages.size(), 2u);
  EXPECT_EQ(append.messages[1].data.stream_handle, 8u);
  EXPECT_EQ(append.messages[1].data.size, 3u);
  r = reader.Feed(in);
  EXPECT_EQ(r.status, FeedStatus::kCommand);
  EXPECT_EQ(reader.TakeCommand().text, "t2 NOOP");
}

TEST(CommandReaderTest, SyncLiteralTooLargeIsRefusedBeforeData) {
  ParseContext ctx;
  ctx.limits.max_literal_size = 10;
  ctx.limits.max_append_literal_size = 100;
  CommandReader reader(ctx);
  auto r = reader.Feed("t1 LOGIN {11}\r\n");
  ASSERT_EQ(r.status, FeedStatus::kRejected);
  EXPECT_EQ(r.rejection.tag, "t1");
  EXPECT_EQ(r.rejection.error.code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.rejection.error.public_text, "literal too large");
  EXPECT_FALSE(r.rejection.close_connection);
  // The client sends nothing more for that command; the next is read normally.
  EXPECT_EQ(reader.Feed("t2 APPEND x {100}\r\n").status, FeedStatus::kNeedLiteral);
  reader.RefuseLiteral();
  r = reader.Feed("t3 APPEND x {101}\r\n");
  ASSERT_EQ(r.status, FeedStatus::kRejected);
  EXPECT_EQ(r.rejection.command, "APPEND");
  EXPECT_EQ(reader.Feed("t4 NOOP\r\n").status, FeedStatus::kCommand);
}

TEST(CommandReaderTest, NonSyncLiteralTooLargeIsDiscarded) {
  ParseContext ctx;
  ctx.limits.max_literal_size = 4;
  const std::string wire = "t1 LOGIN {5+}\r\nabcde {3+}\r\nxyz\r\nt2 NOOP\r\n";
  const auto events = FeedAll(wire, {}, ctx);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], (Event{FeedStatus::kRejected, "t1|literal too large"}));
  EXPECT_EQ(events[1], (Event{FeedStatus::kCommand, "t2 NOOP"}));
  EXPECT_EQ(FeedAll(wire, {1}, ctx), events);
}

TEST(CommandReaderTest, LiteralMinus) {
  ParseContext ctx;
  ctx.literal_mode = LiteralMode::kMinus;
  std::string big(4097, 'x');
  const std::string wire = "t1 APPEND INBOX {4097+}\r\n" + big + "\r\nt2 NOOP\r\n";
  const auto events = FeedAll(wire, {}, ctx);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "t1|non-synchronizing literal larger than 4096 octets");
  EXPECT_EQ(events[1].detail, "t2 NOOP");
  const auto ok = FeedAll("t1 APPEND INBOX {4096+}\r\n" + std::string(4096, 'x') + "\r\n", {}, ctx);
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok[1].status, FeedStatus::kCommand);
}

TEST(CommandReaderTest, NonSyncWithoutLiteralPlus) {
  ParseContext ctx;
  ctx.literal_mode = LiteralMode::kNone;
  const auto events = FeedAll("t1 LOGIN {1+}\r\na b\r\nt2 NOOP\r\n", {}, ctx);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "t1|non-synchronizing literals not supported");
  EXPECT_EQ(events[1].detail, "t2 NOOP");
}

TEST(CommandReaderTest, HugeNonSyncLiteralClosesConnection) {
  CommandReader reader;
  auto r = reader.Feed("t1 LOGIN {99999999999+}\r\n");
  ASSERT_EQ(r.status, FeedStatus::kRejected);
  EXPECT_TRUE(r.rejection.close_connection);
  r = CommandReader().Feed("t1 LOGIN {999999999999999999999999}\r\n");
  EXPECT_EQ(r.status, FeedStatus::kRejected);
  EXPECT_EQ(r.rejection.error.public_text, "literal too large");
}

TEST(CommandReaderTest, LineTooLong) {
  ParseContext ctx;
  ctx.limits.max_line_length = 20;
  const std::string wire = "t1 LOGIN aaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbb\r\nt2 NOOP\r\n";
  const auto events = FeedAll(wire, {}, ctx);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "t1|command line too long");
  EXPECT_EQ(events[1].detail, "t2 NOOP");
  EXPECT_EQ(FeedAll(wire, {1}, ctx), events);
  EXPECT_EQ(FeedAll(wire, {3, 7}, ctx), events);
}

TEST(CommandReaderTest, CommandAndLiteralCountLimits) {
  ParseContext ctx;
  ctx.limits.max_literals = 1;
  auto events = FeedAll("t1 LOGIN {1}\r\na {1}\r\nt2 NOOP\r\n", {}, ctx);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].detail, "t1|too many literals");
  EXPECT_EQ(events[2].detail, "t2 NOOP");
  ParseContext small;
  small.limits.max_command_size = 30;
  events = FeedAll("t1 LOGIN {10}\r\n0123456789 {20}\r\n", {}, small);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].detail, "t1|command too long");
}

TEST(CommandReaderTest, EmptyLineAndBareLf) {
  const auto events = FeedAll("\r\nt1 NOOP\nt2 LOGIN {1}\na b\n", {});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].detail, "|empty command line");
  EXPECT_EQ(events[1].detail, "t1 NOOP");
  EXPECT_EQ(events[3].detail, "t2 LOGIN {1}\r\na b");
}

TEST(CommandReaderTest, RawLinesForIdleAndSasl) {
  CommandReader reader;
  auto r = reader.Feed("t1 IDLE\r\n");
  ASSERT_EQ(r.status, FeedStatus::kCommand);
  reader.TakeCommand();
  reader.ExpectLine();
  r = reader.Feed("DONE\r\n");
  ASSERT_EQ(r.status, FeedStatus::kCommand);
  const RawCommand done = reader.TakeCommand();
  EXPECT_TRUE(IsIdleDone(done));
  reader.ExpectLine();
  ASSERT_EQ(reader.Feed("{5}\r\n").status, FeedStatus::kCommand);  // no literal processing
  const RawCommand line = reader.TakeCommand();
  EXPECT_EQ(line.text, "{5}");
  EXPECT_FALSE(IsIdleDone(line));
  EXPECT_FALSE(ParseSaslContinuation(line).has_value());
  RawCommand star{"*", {}};
  EXPECT_EQ(ParseSaslContinuation(star).value(), std::nullopt);
  RawCommand b64{"dGVzdAB0ZXN0AHRlc3Q=", {}};
  EXPECT_EQ(ParseSaslContinuation(b64).value(), "dGVzdAB0ZXN0AHRlc3Q=");
}

TEST(CommandReaderTest, UntaggedRejectionWithoutTag) {
  ParseContext ctx;
  ctx.limits.max_line_length = 8;
  const auto events = FeedAll("+bad tag and long\r\n", {}, ctx);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].detail, "|command line too long");
}

}  // namespace
}  // namespace tern::imap::grammar

namespace tern::imap::grammar {
namespace {

// Fuzz regression (imap_command_fuzz, corpus regress_discard_tail): an over-long line cut
// by the piece boundary just after "{" of a non-synchronizing literal announcement lost
// the announcement, so the literal's data was read as a command when fed in pieces.
TEST(CommandReaderTest, RegressionDiscardTailKeepsAnnouncement) {
  ParseContext ctx;
  ctx.limits.max_line_length = 16;
  const std::string wire = "t1 LOGIN aaaaaaaaaaaaaaaaaaaaa {5+}\r\nTURN x\r\nt2 NOOP\r\n";
  const auto whole = imaptest::FeedAll(wire, {}, ctx);
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_EQ(whole[1].detail, "t2 NOOP");
  for (std::size_t cut = 1; cut < wire.size(); ++cut) {
    EXPECT_EQ(imaptest::FeedAll(wire, {cut, wire.size()}, ctx), whole) << cut;
  }
}

}  // namespace
}  // namespace tern::imap::grammar

namespace tern::imap::grammar {
namespace {

// Fuzz regression (corpus regress_line_limit_cr): a line exactly at the limit was refused
// when its CR arrived in one piece and its LF in the next, because the CR was counted.
TEST(CommandReaderTest, RegressionLineLimitCrAcrossPieces) {
  ParseContext ctx;
  ctx.limits.max_line_length = 9;  // "t1 NOOP" + CRLF
  const std::string wire = "t1 NOOP\r\nt2 NOOPX\r\n";
  const auto whole = imaptest::FeedAll(wire, {}, ctx);
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_EQ(whole[0].detail, "t1 NOOP");
  EXPECT_EQ(whole[1].detail, "t2|command line too long");
  EXPECT_EQ(imaptest::FeedAll(wire, {1}, ctx), whole);
}

}  // namespace
}  // namespace tern::imap::grammar
