// GETMETADATA and SETMETADATA (RFC 5464, with the RFC's own examples) and entry-name
// validation (RFC 5464 3.2).

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace tern::imap::grammar {
namespace {

using imaptest::ErrorText;
using imaptest::FeedAll;
using imaptest::Parse;
using imaptest::ParseAs;
using imaptest::Rev2;

using Entry = SetMetadataCommand::Entry;
using Entries = std::vector<std::string>;

TEST(MetadataTest, GetMetadataRfcExamples) {
  // RFC 5464 4.2
  auto g = ParseAs<GetMetadataCommand>("a GETMETADATA \"\" /shared/comment");
  EXPECT_EQ(g, (GetMetadataCommand{"", {"/shared/comment"}, std::nullopt, MetadataDepth::kZero}));
  g = ParseAs<GetMetadataCommand>("a GETMETADATA \"INBOX\" /private/comment");
  EXPECT_EQ(g.mailbox, "INBOX");
  EXPECT_EQ(g.entries, Entries{"/private/comment"});
  g = ParseAs<GetMetadataCommand>("a GETMETADATA \"INBOX\" (/shared/comment /private/comment)");
  EXPECT_EQ(g.entries, (Entries{"/shared/comment", "/private/comment"}));
  // RFC 5464 4.2.1: options after the mailbox, as the examples write them.
  g = ParseAs<GetMetadataCommand>(
      "a GETMETADATA \"INBOX\" (MAXSIZE 1024) (/shared/comment /private/comment)");
  EXPECT_EQ(g.max_size, 1024u);
  EXPECT_EQ(g.entries, (Entries{"/shared/comment", "/private/comment"}));
  // RFC 5464 4.2.2
  g = ParseAs<GetMetadataCommand>("a GETMETADATA \"INBOX\" (DEPTH 1) (/private/filters/values)");
  EXPECT_EQ(g.depth, MetadataDepth::kOne);
  EXPECT_EQ(g.entries, Entries{"/private/filters/values"});
  // RFC 5464 4.4.1: several entries without parentheses.
  g = ParseAs<GetMetadataCommand>("a GETMETADATA \"INBOX\" /private/comment /shared/comment");
  EXPECT_EQ(g.entries, (Entries{"/private/comment", "/shared/comment"}));
}

TEST(MetadataTest, GetMetadataOptionsBeforeTheMailboxAsTheAbnfSays) {
  auto g = ParseAs<GetMetadataCommand>(
      "a getmetadata (depth infinity maxsize 0) INBOX (/Private/Comment)");
  EXPECT_EQ(g, (GetMetadataCommand{"INBOX", {"/private/comment"}, 0u, MetadataDepth::kInfinity}));
  g = ParseAs<GetMetadataCommand>("a GETMETADATA (DEPTH 0) \"\" /shared");
  EXPECT_EQ(g.entries, Entries{"/shared"});  // a scope alone, for DEPTH
  EXPECT_EQ(ErrorText("a GETMETADATA (DEPTH 2) INBOX /shared/a"), "DEPTH must be 0, 1 or infinity");
  EXPECT_EQ(ErrorText("a GETMETADATA (DEPTH 1 DEPTH 1) INBOX /shared/a"), "DEPTH given twice");
  EXPECT_EQ(ErrorText("a GETMETADATA (MAXSIZE 1 MAXSIZE 2) INBOX /shared/a"),
            "MAXSIZE given twice");
  EXPECT_EQ(ErrorText("a GETMETADATA (FOO 1) INBOX /shared/a"), "unknown GETMETADATA option");
  EXPECT_EQ(ErrorText("a GETMETADATA (MAXSIZE -1) INBOX /shared/a"), "expected MAXSIZE value");
  EXPECT_EQ(ErrorText("a GETMETADATA (DEPTH 1) INBOX (DEPTH 1) /shared/a"),
            "entry name must start with /private or /shared");
}

TEST(MetadataTest, GetMetadataMailboxNamesFollowTheConnectionsEncoding) {
  // Modified UTF-7 in IMAP4rev1, UTF-8 in IMAP4rev2 or with UTF8=ACCEPT.
  EXPECT_EQ(ParseAs<GetMetadataCommand>("a GETMETADATA \"&AMk-t&AOk-\" /shared/comment").mailbox,
            "\xc3\x89t\xc3\xa9");
  EXPECT_EQ(
      ParseAs<GetMetadataCommand>("a GETMETADATA \"\xc3\x89t\xc3\xa9\" /shared/comment", Rev2())
          .mailbox,
      "\xc3\x89t\xc3\xa9");
  ParseContext accept;
  accept.utf8_accept = true;
  EXPECT_EQ(
      ParseAs<GetMetadataCommand>("a GETMETADATA \"&AMk-\" /shared/comment", accept).mailbox,
      "&AMk-");
  EXPECT_EQ(ParseAs<GetMetadataCommand>("a GETMETADATA inbox /shared/comment").mailbox, "INBOX");
}

TEST(MetadataTest, SetMetadataRfcExamples) {
  // RFC 5464 4.3: a multi-line literal (the line break before ")" in the RFC is one
  // added for readability, section 2), NIL, several entries.
  auto s = ParseAs<SetMetadataCommand>(
      "a SETMETADATA INBOX (/private/comment {33}\r\nMy new comment across\r\ntwo lines.)");
  EXPECT_EQ(s, (SetMetadataCommand{
                   "INBOX", {Entry{"/private/comment", "My new comment across\r\ntwo lines."}}}));
  s = ParseAs<SetMetadataCommand>("a SETMETADATA INBOX (/private/comment NIL)");
  EXPECT_EQ(s.entries, (std::vector<Entry>{{"/private/comment", std::nullopt}}));
  s = ParseAs<SetMetadataCommand>(
      "a SETMETADATA INBOX (/private/comment \"My new comment\" /shared/comment \"This one is for "
      "you!\")");
  EXPECT_EQ(s.entries, (std::vector<Entry>{{"/private/comment", "My new comment"},
                                           {"/shared/comment", "This one is for you!"}}));
  // Server annotations: the empty mailbox name.
  s = ParseAs<SetMetadataCommand>("a SETMETADATA \"\" (/shared/comment \"\")");
  EXPECT_EQ(s, (SetMetadataCommand{"", {Entry{"/shared/comment", ""}}}));
}

TEST(MetadataTest, SetMetadataTakesBinaryValuesAsLiteral8) {
  const char kWire[] = "a SETMETADATA INBOX (/private/vendor/tern/bin ~{3}\r\na\0b)";
  auto s = ParseAs<SetMetadataCommand>(std::string(kWire, sizeof(kWire) - 1));
  ASSERT_EQ(s.entries.size(), 1u);
  EXPECT_EQ(s.entries[0].second, std::string("a\0b", 3));
  // A plain literal still may not carry NUL (CHAR8 excludes it).
  const char kNul[] = "a SETMETADATA INBOX (/shared/a {3}\r\na\0b)";
  EXPECT_EQ(ErrorText(std::string(kNul, sizeof(kNul) - 1)), "NUL in literal (use literal8)");
}

TEST(MetadataTest, SetMetadataSyntaxErrors) {
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX /shared/comment \"x\""), "expected ( before entry list");
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX (/shared/comment)"), "expected SP before entry value");
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX (/shared/comment \"x\""), "expected ) after entry list");
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX (/shared/comment \"x\") x"),
            "unexpected data after entry list");
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX"), "missing entry list");
  EXPECT_EQ(ErrorText("a GETMETADATA INBOX"), "missing entry name");
  EXPECT_EQ(ErrorText("a GETMETADATA"), "missing mailbox name");
  // A scope alone names no entry that could be set.
  EXPECT_EQ(ErrorText("a SETMETADATA INBOX (/shared \"x\")"), "entry name needs a second component");
}

TEST(MetadataTest, EntryNamesFollowRfc5464Section32) {
  struct Case {
    const char* entry;
    const char* error;  // nullptr: valid for SETMETADATA
  };
  const Case cases[] = {
      {"/shared/comment", nullptr},
      {"/PRIVATE/Comment", nullptr},
      {"/shared/a/b/c", nullptr},
      {"/shared/vendor/tern/x", nullptr},
      {"/shared/vendorx", nullptr},
      {"/shared/vendor/tern", "vendor entry names need a vendor token and a name"},
      {"/shared/vendor", "vendor entry names need a vendor token and a name"},
      {"/shared//comment", "empty component in entry name"},
      {"/shared/comment/", "entry name ends with /"},
      {"/shared/*", "wildcard in entry name"},
      {"/shared/%", "wildcard in entry name"},
      {"/sharedx/comment", "entry name must start with /private or /shared"},
      {"shared/comment", "entry name must start with /private or /shared"},
      {"/comment", "entry name must start with /private or /shared"},
      {"/shared/caf\xc3\xa9", "invalid character in entry name"},
      {"/shared/a\x01", "invalid character in entry name"},
  };
  for (const auto& c : cases) {
    const std::string wire =
        std::string("a SETMETADATA INBOX (\"") + c.entry + "\" \"v\")";
    if (c.error == nullptr) {
      auto s = ParseAs<SetMetadataCommand>(wire);
      ASSERT_EQ(s.entries.size(), 1u) << c.entry;
      std::string lower = c.entry;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      EXPECT_EQ(s.entries[0].first, lower);
    } else {
      EXPECT_EQ(ErrorText(wire), c.error) << c.entry;
    }
  }
  EXPECT_EQ(ErrorText("a GETMETADATA INBOX /shared/" + std::string(1020, 'x')),
            "entry name too long");
  EXPECT_TRUE(Parse("a GETMETADATA INBOX /shared/" + std::string(1016, 'x')).has_value());
}

TEST(MetadataTest, EntryCountIsBounded) {
  std::string wire = "a GETMETADATA INBOX (";
  for (int i = 0; i <= 1000; ++i) wire += "/shared/e" + std::to_string(i) + " ";
  wire.back() = ')';
  auto r = Parse(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().error.code, ErrorCode::kLimit);
  EXPECT_EQ(r.error().error.public_text, "too many entries");
}

TEST(MetadataTest, SplitAnywhereGivesTheSameCommand) {
  const char kWire[] =
      "a SETMETADATA INBOX (/private/comment {5}\r\nab\r\nc /shared/x ~{2}\r\nz\0)\r\n";
  const std::string wire(kWire, sizeof(kWire) - 1);
  for (std::size_t chunk : {1u, 2u, 7u}) {
    std::vector<RawCommand> commands;
    FeedAll(wire, {chunk}, {}, &commands);
    ASSERT_EQ(commands.size(), 1u) << chunk;
    auto r = ParseCommand(commands[0]);
    ASSERT_TRUE(r.has_value()) << chunk << ": " << r.error().error.public_text;
    const auto* s = std::get_if<SetMetadataCommand>(&r->body);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->entries, (std::vector<Entry>{{"/private/comment", "ab\r\nc"},
                                              {"/shared/x", std::string("z\0", 2)}}));
  }
}

}  // namespace
}  // namespace tern::imap::grammar
