#pragma once
// Helpers shared by the SEARCH evaluator tests: search programs written as on the wire
// and parsed by the real grammar, messages written inline (LF, turned into CRLF as they
// travel), and a Match() that hands the matcher exactly what needs() asks for, the way
// the session does, and checks that MatchesMetadata never contradicts Matches.

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/parse_command.h"
#include "imap/search/matcher.h"
#include "mail/mime_parser.h"
#include "mail/search_text.h"
#include "support/line_ends.h"

namespace tern::imap::search::testing {

// Parses "SEARCH <program>" in IMAP4rev1 mode (so NEW/OLD/RECENT exist).
inline grammar::SearchCommand Program(const std::string& program) {
  grammar::RawCommand raw;
  raw.text = "a SEARCH " + program;
  auto parsed = grammar::ParseCommand(raw, grammar::ParseContext{});
  EXPECT_TRUE(parsed.has_value()) << program << ": "
                                  << (parsed ? "" : parsed.error().error.public_text);
  if (!parsed) return {};
  const auto* cmd = std::get_if<grammar::SearchCommand>(&parsed->body);
  EXPECT_NE(cmd, nullptr) << program;
  return cmd != nullptr ? *cmd : grammar::SearchCommand{};
}

inline Matcher Compile(const std::string& program) {
  const grammar::SearchCommand cmd = Program(program);
  auto m = Matcher::Create(cmd.key, cmd.charset);
  EXPECT_TRUE(m.has_value()) << program << ": " << (m ? "" : m.error().public_text);
  if (!m) return *Matcher::Create(grammar::SearchKey{}, std::nullopt);
  return std::move(*m);
}

struct TestMessage {
  std::string raw;
  mail::MessageStructure structure;
  store::MessageMeta meta;
  std::uint32_t seq = 1;
  bool recent = false;

  // `text` uses LF line ends; they become CRLF as over SMTP/APPEND.
  explicit TestMessage(std::string_view text = "Subject: x\n\nbody\n")
      : raw(testing_support::NormalizeLineEnds(text)), structure(mail::ParseMessage(raw)) {
    meta.uid = 1;
    meta.size = static_cast<std::int64_t>(raw.size());
  }
};

// What Store::MatchStoredText answers for a message (StoredTextMatch::found): which of
// the matcher's stored-text terms occur in the text the index would hold for it.
inline std::uint64_t StoredTextFound(const Matcher& matcher, std::string_view raw,
                                     const mail::MessageStructure& structure) {
  const mail::SearchText text = mail::ExtractSearchText(raw, structure);
  std::uint64_t found = 0;
  const std::vector<store::TextTerm>& terms = matcher.stored_text_terms();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const bool in_header = text.header.find(terms[i].folded) != std::string::npos;
    const bool in_body = text.body.find(terms[i].folded) != std::string::npos;
    const bool hit = terms[i].field == store::TextField::kHeader ? in_header
                     : terms[i].field == store::TextField::kBody ? in_body
                                                                 : in_header || in_body;
    if (hit) found |= std::uint64_t{1} << i;
  }
  return found;
}

// Checks that what the stored text decides (Matcher::MatchesStoredText) is what Matches
// says; returns whether it decided.
inline bool StoredTextAgrees(const Matcher& matcher, const Candidate& c, const MailboxFacts& facts,
                             const mail::MessageStructure& structure, std::string_view raw,
                             bool full) {
  const std::optional<bool> stored =
      matcher.MatchesStoredText(c, facts, StoredTextFound(matcher, raw, structure));
  if (stored) {
    EXPECT_EQ(*stored, full) << "the stored text disagrees with Matches";
  }
  return stored.has_value();
}

// Evaluates `matcher` on `m` with what needs() says loaded: only the header block for
// kHeader, nothing for kMetadata.
inline bool Match(const Matcher& matcher, const TestMessage& m, const MailboxFacts& facts = {}) {
  Candidate c;
  c.seq = m.seq;
  c.meta = &m.meta;
  c.recent = m.recent;
  const std::optional<bool> early = matcher.MatchesMetadata(c, facts);
  if (matcher.needs() == Needs::kHeader) {
    c.message = std::string_view(m.raw).substr(0, m.structure.root.header_size);
  } else if (matcher.needs() == Needs::kMessage) {
    c.message = m.raw;
    c.structure = &m.structure;
  }
  const bool full = matcher.Matches(c, facts);
  if (early) {
    EXPECT_EQ(*early, full) << "MatchesMetadata disagrees with Matches";
  }
  StoredTextAgrees(matcher, c, facts, m.structure, m.raw, full);
  return full;
}

inline bool Match(const std::string& program, const TestMessage& m,
                  const MailboxFacts& facts = {}) {
  return Match(Compile(program), m, facts);
}

struct Expectation {
  const char* program;
  bool matches;
};

// Table-driven: each program must match `m` or not, as the table says.
inline void ExpectMatches(const TestMessage& m, const MailboxFacts& facts,
                          std::initializer_list<Expectation> table) {
  for (const Expectation& e : table) {
    EXPECT_EQ(Match(e.program, m, facts), e.matches) << "SEARCH " << e.program;
  }
}

inline void ExpectMatches(const TestMessage& m, std::initializer_list<Expectation> table) {
  ExpectMatches(m, MailboxFacts{}, table);
}

}  // namespace tern::imap::search::testing
