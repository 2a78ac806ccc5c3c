// IMAP URLs as CATENATE uses them (RFC 5092 6, RFC 4469 3), with the RFCs' examples.

#include "imap/url/imap_url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tern::imap::url {
namespace {

using grammar::Section;
using grammar::SectionText;

MessagePartUrl Parsed(std::string_view url) {
  auto r = ParseMessagePartUrl(url);
  EXPECT_TRUE(r) << url << ": " << (r ? "" : r.error().public_text);
  return r.value_or(MessagePartUrl{});
}

std::string ErrorOf(std::string_view url) {
  auto r = ParseMessagePartUrl(url);
  EXPECT_FALSE(r) << url;
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  return r.error().public_text;
}

// The URLs of RFC 4469's appendix A.
TEST(ImapUrlTest, CatenateRfcExamples) {
  auto u = Parsed("/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER");
  EXPECT_EQ(u.mailbox, "Drafts");
  EXPECT_EQ(u.uid_validity, 385759045u);
  EXPECT_EQ(u.uid, 20u);
  EXPECT_EQ(u.section, (Section{{}, SectionText::kHeader, {}}));
  EXPECT_FALSE(u.partial);

  u = Parsed("/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME");
  EXPECT_EQ(u.section, (Section{{1}, SectionText::kMime, {}}));
  u = Parsed("/Drafts;UIDVALIDITY=385759045/;UID=20/;Section=2");
  EXPECT_EQ(u.section, (Section{{2}, SectionText::kNone, {}}));
  u = Parsed("/Drafts;UIDVALIDITY=385759045/;UID=30");
  EXPECT_EQ(u.uid, 30u);
  EXPECT_EQ(u.section, Section{});
  u = Parsed("/INBOX;UIDVALIDITY=785799047/;UID=113330/;section=1.5.9");
  EXPECT_EQ(u.mailbox, "INBOX");
  EXPECT_EQ(u.section, (Section{{1, 5, 9}, SectionText::kNone, {}}));
  // RFC 8508 4.2: no UIDVALIDITY.
  u = Parsed("/Drafts/;UID=3002");
  EXPECT_EQ(u.mailbox, "Drafts");
  EXPECT_FALSE(u.uid_validity);
  EXPECT_EQ(u.uid, 3002u);
}

TEST(ImapUrlTest, PartialAndEncodedComponents) {
  // RFC 5092 9's example path, with an encoded section.
  auto u = Parsed("/foo;UIDVALIDITY=1/;UID=20/;SECTION=1.2/;PARTIAL=0.1024");
  EXPECT_EQ(u.section, (Section{{1, 2}, SectionText::kNone, {}}));
  ASSERT_TRUE(u.partial);
  EXPECT_EQ(*u.partial, (UrlPartial{0, 1024}));
  u = Parsed("/foo/;UID=20/;PARTIAL=5");
  EXPECT_EQ(*u.partial, (UrlPartial{5, std::nullopt}));
  EXPECT_EQ(u.section, Section{});
  u = Parsed("/foo/;uid=2/;section=HEADER.FIELDS%20(SUBJECT%20FROM)");
  EXPECT_EQ(u.section, (Section{{}, SectionText::kHeaderFields, {"SUBJECT", "FROM"}}));
  // Hierarchy, percent-encoded UTF-8 and spaces; inbox in any case.
  u = Parsed("/Archive/2024/Sent%20Items%20%C3%A9t%C3%A9;UIDVALIDITY=7/;UID=1");
  EXPECT_EQ(u.mailbox, "Archive/2024/Sent Items \xC3\xA9t\xC3\xA9");
  u = Parsed("/inbox/;UID=1");
  EXPECT_EQ(u.mailbox, "INBOX");
  u = Parsed("/a%3Bb/;UID=4294967295");
  EXPECT_EQ(u.mailbox, "a;b");
  EXPECT_EQ(u.uid, 4294967295u);
}

TEST(ImapUrlTest, RefusedForms) {
  // Other servers and users (RFC 4469 3), relative paths (RFC 5092 7.2).
  EXPECT_EQ(ErrorOf("imap://bob@example.org/INBOX/;UID=1"),
            "only URLs relative to this server are supported");
  EXPECT_EQ(ErrorOf("IMAP://example.org/INBOX/;UID=1"),
            "only URLs relative to this server are supported");
  EXPECT_EQ(ErrorOf("//example.org/INBOX/;UID=1"),
            "only URLs relative to this server are supported");
  EXPECT_EQ(ErrorOf(";UID=1"), "URL must start with /");
  EXPECT_EQ(ErrorOf("INBOX/;UID=1"), "URL must start with /");
  EXPECT_EQ(ErrorOf(""), "URL must start with /");
  // Not one message: a mailbox, a search.
  EXPECT_EQ(ErrorOf("/INBOX"), "URL names no message (;UID= missing)");
  EXPECT_EQ(ErrorOf("/INBOX;UIDVALIDITY=5"), "URL names no message (;UID= missing)");
  EXPECT_EQ(ErrorOf("/INBOX?SUBJECT%20x"), "URL names no message (;UID= missing)");
  EXPECT_EQ(ErrorOf("/INBOX;UID=1"), "URL names no message (;UID= missing)");
  // URLAUTH (RFC 4467) is not offered.
  EXPECT_EQ(ErrorOf("/INBOX/;UID=1;URLAUTH=anonymous:internal:0123456789abcdef0123456789abcdef"),
            "URLAUTH is not supported");
  EXPECT_EQ(ErrorOf("/INBOX/;UID=1;EXPIRE=2024-01-01T00:00:00Z;URLAUTH=anonymous"),
            "URLAUTH is not supported");
}

TEST(ImapUrlTest, MalformedComponents) {
  EXPECT_EQ(ErrorOf("//"), "only URLs relative to this server are supported");
  EXPECT_EQ(ErrorOf("/;UID=1"), "URL names no message (;UID= missing)");
  EXPECT_EQ(ErrorOf("//;UID=1"), "only URLs relative to this server are supported");
  EXPECT_EQ(ErrorOf("/x/;UID=0"), "zero UID in URL");
  EXPECT_EQ(ErrorOf("/x/;UID="), "expected a number for URL UID");
  EXPECT_EQ(ErrorOf("/x/;UID=4294967296"), "number too large in URL UID");
  EXPECT_EQ(ErrorOf("/x;UIDVALIDITY=0/;UID=1"), "zero UIDVALIDITY in URL");
  EXPECT_EQ(ErrorOf("/x;UIDVALIDITY=1;UID=1"), "URL names no message (;UID= missing)");
  EXPECT_EQ(ErrorOf("/x/;UID=1x"), "unexpected data at the end of the URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/"), "unexpected data at the end of the URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION="), "empty section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=BOGUS"), "invalid section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=1/"), "invalid section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=1;PARTIAL=1"), "invalid section in URL");
  // Whatever the section decodes to is read as a FETCH section, nothing more.
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=1%5D%20ENVELOPE%20BODY%5B2"), "invalid section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=1%5D%3C0.1%3E"), "invalid section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;SECTION=HEADER.FIELDS%20%7B3%7D%0D%0Aabc"),
            "invalid section in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;PARTIAL=1.0"), "zero partial length in URL");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;PARTIAL=.5"), "expected a number for URL partial offset");
  EXPECT_EQ(ErrorOf("/x/;UID=1/;PARTIAL=1./"), "expected a number for URL partial length");
  // Characters outside bchar, bad escapes, bad UTF-8 and NUL in the name.
  EXPECT_EQ(ErrorOf("/a b/;UID=1"), "invalid character in URL mailbox");
  EXPECT_EQ(ErrorOf("/a\"b/;UID=1"), "invalid character in URL mailbox");
  EXPECT_EQ(ErrorOf("/a%2/;UID=1"), "invalid percent-encoding in URL mailbox");
  EXPECT_EQ(ErrorOf("/a%/;UID=1"), "invalid percent-encoding in URL mailbox");
  EXPECT_EQ(ErrorOf("/a%zz/;UID=1"), "invalid percent-encoding in URL mailbox");
  EXPECT_FALSE(ParseMessagePartUrl("/a%FF/;UID=1"));
  EXPECT_FALSE(ParseMessagePartUrl("/a%00b/;UID=1"));
  EXPECT_EQ(ErrorOf("/" + std::string(kMaxUrlLength, 'a') + "/;UID=1"), "URL too long");
}

}  // namespace
}  // namespace tern::imap::url
