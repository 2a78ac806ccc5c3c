#include "imap/session/uid_only.h"

#include <gtest/gtest.h>

#include <string>

#include "imap/grammar/parse_command.h"

namespace tern::imap::session {
namespace {

// Whether `line` (a command as sent, without CRLF) names messages by number. A line
// ending in "{1+}\r\nx" carries that one-octet literal.
bool Uses(const std::string& line) {
  grammar::RawCommand raw{line, {}};
  if (line.ends_with("{1+}\r\nx")) {
    raw.literals.push_back(grammar::RawLiteral{line.size() - 1, 1, false, false, {}});
  }
  auto command = grammar::ParseCommand(raw);
  EXPECT_TRUE(command.has_value()) << line;
  return command && UsesSequenceNumbers(command->body);
}

TEST(UidOnly, CommandsWithoutUidUseNumbers) {  // RFC 9586 3.2, 3.8
  EXPECT_TRUE(Uses("a FETCH 10000:14589 (UID FLAGS)"));
  EXPECT_TRUE(Uses("a STORE 1 +FLAGS (\\Seen)"));
  EXPECT_TRUE(Uses("a COPY 1 Trash"));
  EXPECT_TRUE(Uses("a MOVE 1:* Trash"));
  EXPECT_TRUE(Uses("a SEARCH ALL"));
  EXPECT_TRUE(Uses("a SORT (DATE) UTF-8 ALL"));
  EXPECT_TRUE(Uses("a THREAD REFERENCES UTF-8 ALL"));
  EXPECT_TRUE(Uses("a REPLACE 1 INBOX {1+}\r\nx"));
}

TEST(UidOnly, UidCommandsDoNot) {
  EXPECT_FALSE(Uses("a UID FETCH 25900:26600 (FLAGS)"));
  EXPECT_FALSE(Uses("a UID STORE 1:* +FLAGS (\\Seen)"));
  EXPECT_FALSE(Uses("a UID COPY 1 Trash"));
  EXPECT_FALSE(Uses("a UID MOVE 597 Archive"));
  EXPECT_FALSE(Uses("a UID SEARCH ALL"));
  EXPECT_FALSE(Uses("a UID SEARCH UID 1:5 NOT DELETED"));
  EXPECT_FALSE(Uses("a UID SORT (DATE) UTF-8 ALL"));
  EXPECT_FALSE(Uses("a UID THREAD REFERENCES UTF-8 ALL"));
  EXPECT_FALSE(Uses("a UID REPLACE 7 INBOX {1+}\r\nx"));
  EXPECT_FALSE(Uses("a UID EXPUNGE 1:3"));
  EXPECT_FALSE(Uses("a EXPUNGE"));
  EXPECT_FALSE(Uses("a NOOP"));
  EXPECT_FALSE(Uses("a SELECT INBOX"));
}

TEST(UidOnly, SequenceSetSearchKeysUseNumbers) {  // RFC 9586 3.5
  EXPECT_TRUE(Uses("a UID SEARCH 1:5"));
  EXPECT_TRUE(Uses("a UID SEARCH NOT 1:5"));
  EXPECT_TRUE(Uses("a UID SEARCH OR DELETED (SEEN 2)"));
  EXPECT_TRUE(Uses("a UID SORT (DATE) UTF-8 *"));
  // "$" is a saved result, not numbers.
  EXPECT_FALSE(Uses("a UID SEARCH $"));
  EXPECT_FALSE(Uses("a UID SEARCH UID $"));
}

TEST(UidOnly, QresyncSequenceMatchDataUsesNumbers) {  // RFC 9586 3.7
  EXPECT_FALSE(Uses("a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211))"));
  EXPECT_TRUE(Uses(
      "a SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500 15000,22500)))"));
}

}  // namespace
}  // namespace tern::imap::session
