// Narrowing SEARCH by the full-text index (imap/search/index_plan.h): which programs
// narrow and how, and the property that makes it safe: every message the Matcher
// matches is a candidate of the planned query over the text the index holds
// (mail::ExtractSearchText), across charsets, transfer encodings and MIME trees.

#include "imap/search/index_plan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mail/search_text.h"
#include "search_test_util.h"

namespace tern::imap::search {
namespace {

using store::TextField;
using testing::Match;
using testing::Program;
using testing::TestMessage;

std::optional<store::TextQuery> Plan(const std::string& program) {
  const grammar::SearchCommand cmd = Program(program);
  return PlanTextQuery(cmd.key, cmd.charset);
}

// The plan as text: conjunctions joined by " | ", terms by " & ", each "field:needle".
std::string Show(const std::optional<store::TextQuery>& q) {
  if (!q) return "none";
  std::string out;
  for (const auto& conj : q->any_of) {
    if (!out.empty()) out += " | ";
    std::string terms;
    for (const store::TextTerm& t : conj) {
      if (!terms.empty()) terms += " & ";
      terms += t.field == TextField::kBody ? "body:" : t.field == TextField::kHeader ? "header:" : "any:";
      terms += t.folded;
    }
    out += terms;
  }
  return out;
}

TEST(IndexPlanTest, StringKeysNarrowByTheTextTheySearch) {
  EXPECT_EQ(Show(Plan("BODY hello")), "body:hello");
  EXPECT_EQ(Show(Plan("TEXT Hello")), "any:hello");
  EXPECT_EQ(Show(Plan("SUBJECT \"Quarterly Report\"")), "header:quarterly report");
  EXPECT_EQ(Show(Plan("FROM alice TO bob CC carol BCC dave")),
            "header:alice & header:bob & header:carol & header:dave");
  EXPECT_EQ(Show(Plan("HEADER X-Spam-Flag yes")), "header:yes");
  // Folded as the matcher folds, beyond ASCII.
  EXPECT_EQ(Show(Plan("BODY \"MÜLLER\"")), "body:müller");
}

TEST(IndexPlanTest, WhatCannotNarrow) {
  EXPECT_EQ(Show(Plan("BODY hi")), "none");      // two characters: no trigram
  EXPECT_EQ(Show(Plan("BODY \"ÄÖ\"")), "none");  // two code points, four bytes
  EXPECT_EQ(Show(Plan("BODY \"\"")), "none");    // matches every message
  EXPECT_EQ(Show(Plan("HEADER X-Flag \"\"")), "none");
  EXPECT_EQ(Show(Plan("NOT BODY hello")), "none");
  EXPECT_EQ(Show(Plan("SEEN")), "none");
  EXPECT_EQ(Show(Plan("ALL")), "none");
  EXPECT_EQ(Show(Plan("OR BODY hello SEEN")), "none");  // the SEEN branch could be any
  EXPECT_EQ(Show(Plan("OR BODY hello BODY hi")), "none");
}

TEST(IndexPlanTest, AndKeepsEveryNarrowingKeyAndIgnoresTheRest) {
  EXPECT_EQ(Show(Plan("SEEN BODY hello SINCE 1-Jan-2024")), "body:hello");
  EXPECT_EQ(Show(Plan("BODY hello NOT BODY world")), "body:hello");
  EXPECT_EQ(Show(Plan("BODY hi SUBJECT meeting")), "header:meeting");
  EXPECT_EQ(Show(Plan("(BODY hello (FROM alice))")), "body:hello & header:alice");
}

TEST(IndexPlanTest, OrNarrowsWhenEveryBranchDoes) {
  EXPECT_EQ(Show(Plan("OR BODY hello SUBJECT world")), "body:hello | header:world");
  EXPECT_EQ(Show(Plan("OR (BODY abc FROM def) OR TEXT ghi BODY jkl")),
            "body:abc & header:def | any:ghi | body:jkl");
  // AND of ORs distributes.
  EXPECT_EQ(Show(Plan("OR BODY aaa BODY bbb OR SUBJECT ccc SUBJECT ddd")),
            "body:aaa & header:ccc | body:aaa & header:ddd | body:bbb & header:ccc | "
            "body:bbb & header:ddd");
}

TEST(IndexPlanTest, LargePlansStaySoundByKeepingOneSide) {
  // 5 x 5 branches would be 25 conjunctions: the AND keeps the first OR alone.
  const std::string five_a = "OR BODY a1a OR BODY a2a OR BODY a3a OR BODY a4a BODY a5a";
  const std::string five_b = "OR BODY b1b OR BODY b2b OR BODY b3b OR BODY b4b BODY b5b";
  EXPECT_EQ(Show(Plan(five_a + " " + five_b)),
            "body:a1a | body:a2a | body:a3a | body:a4a | body:a5a");
}

TEST(IndexPlanTest, CharsetOfTheProgram) {
  const grammar::SearchCommand cmd = Program("CHARSET ISO-8859-1 BODY x");
  grammar::SearchKey key = cmd.key;
  key.children[0].value = "M\xDCLLER";  // Ü in ISO-8859-1
  EXPECT_EQ(Show(PlanTextQuery(key, cmd.charset)), "body:müller");
}

// What an exact index would answer for `query` over `text`; the real one (FTS5 trigrams)
// answers at least this.
bool ExactIndexAccepts(const store::TextQuery& query, const mail::SearchText& text) {
  for (const auto& conj : query.any_of) {
    bool all = true;
    for (const store::TextTerm& t : conj) {
      const bool in_header = text.header.find(t.folded) != std::string::npos;
      const bool in_body = text.body.find(t.folded) != std::string::npos;
      const bool found = t.field == TextField::kHeader ? in_header
                         : t.field == TextField::kBody ? in_body
                                                       : in_header || in_body;
      all = all && found;
    }
    if (all) return true;
  }
  return false;
}

const char* const kMessages[] = {
    // Plain ASCII, words inside words.
    "From: Alice Example <alice@example.org>\nTo: bob@example.org\nSubject: Quarterly "
    "report\n\nThe budget numbers are attached.\n",
    // ISO-8859-1 quoted-printable body and an encoded-word subject.
    "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>\nSubject: "
    "=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\nMIME-Version: 1.0\nContent-Type: text/plain; "
    "charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nSch=F6ne Gr=FC=DFe "
    "von M=DCLLER.\n",
    // Base64 UTF-8 body.
    "Subject: b64\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: base64\n\nw4ljb2xlIGTDqXrDqSBjYWbDqSBIRUxMTyB3b3JsZAo=\n",
    // Multipart with a text attachment, a binary one and an attached message.
    "Subject: parts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
    "preamble zebra\n--b\nContent-Type: text/plain\n\nfirst part\n--b\nContent-Type: "
    "text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\n"
    "attached notes: giraffe\n--b\nContent-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n\naGlwcG9wb3RhbXVz\n--b\nContent-Type: "
    "message/rfc822\n\nFrom: inner@example.net\nSubject: Inner Ünïcode\n\ninner body "
    "okapi\n--b--\nepilogue yak\n",
    // Windows-1252 without a charset label, 8-bit header bytes.
    "Subject: caf\xE9 cr\xE8me\nX-Tag: na\xEFve\n\nd\xE9j\xE0 vu\n",
    // Invalid UTF-8 in the body and header.
    "Subject: bad \xC3 bytes \xFF here\nContent-Type: text/plain; charset=utf-8\n\n"
    "ab\xC3\xC3xyz \xE2\x82 mid \xF0\x9F\x98\x80 end\n",
};

const char* const kPrograms[] = {
    "BODY budget", "BODY udge", "TEXT \"ALICE EXAMPLE\"", "FROM alice", "FROM \"müller\"",
    "SUBJECT \"grüße\"", "SUBJECT \"GRÜSSE\"", "BODY \"schöne\"", "BODY \"MÜLLER\"",
    "TEXT \"köln\"", "BODY \"écolé\"", "BODY \"hello world\"", "BODY \"dézé\"",
    "BODY giraffe", "BODY \"first part\"", "BODY hippopotamus", "BODY zebra", "BODY yak",
    "BODY okapi", "TEXT \"inner ünïcode\"", "SUBJECT \"inner\"", "HEADER X-Tag \"naïve\"",
    "SUBJECT \"café\"", "BODY \"déjà\"", "BODY xyz", "BODY \"mid\"", "BODY \"😀 end\"",
    "SUBJECT \"bytes\"", "TEXT \"notes.txt\"", "OR BODY okapi SUBJECT quarterly",
    "BODY okapi SUBJECT parts", "TEXT \"content-type: text/plain\"",
    "HEADER Content-Disposition attachment", "TO bob", "CC nobody",
};

TEST(IndexPlanTest, EveryMatchIsACandidateOfTheExactIndex) {
  int narrowed = 0;
  int matches = 0;
  for (const char* text : kMessages) {
    const TestMessage m(text);
    const mail::SearchText indexed = mail::ExtractSearchText(m.raw, m.structure);
    for (const char* program : kPrograms) {
      SCOPED_TRACE(std::string(program) + " over: " + text);
      const auto plan = Plan(program);
      if (!plan) continue;
      ++narrowed;
      if (!Match(program, m)) continue;
      ++matches;
      EXPECT_TRUE(ExactIndexAccepts(*plan, indexed));
    }
  }
  // The table exercises the property, not just its vacuous side.
  EXPECT_GT(narrowed, 150);
  EXPECT_GT(matches, 25);
}

}  // namespace
}  // namespace tern::imap::search
