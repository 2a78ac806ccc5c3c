#include "smtp/grammar/path.h"

#include <gtest/gtest.h>

#include <string>

#include "smtp/grammar/reply_error.h"

namespace tern::smtp::grammar {
namespace {

std::string Code(const Result<ParsedPath>& r) {
  if (r) return "ok";
  auto e = ReplyError::FromError(r.error());
  return e ? std::to_string(e->code) + " " + e->enhanced : "?";
}

TEST(PathTest, NullReversePath) {
  auto r = ParsePath("<>", AddressRole::kSender, false);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->mailbox);
  EXPECT_EQ(r->length, 2u);
  EXPECT_EQ(Code(ParsePath("<>", AddressRole::kRecipient, false)), "501 5.1.3");
}

TEST(PathTest, LengthCoversBracketsOnly) {
  auto r = ParsePath("<a@b.example> SIZE=1", AddressRole::kSender, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->length, 13u);
}

TEST(PathTest, QuotedGreaterThanDoesNotEndThePath) {
  auto r = ParsePath("<\"a>b\"@example.org>", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mailbox->local_part, "a>b");
  r = ParsePath("<\"a\\\">b\"@example.org>", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mailbox->local_part, "a\">b");
}

TEST(PathTest, SourceRoutesAreAcceptedAndDropped) {
  auto r = ParsePath("<@a.example,@b.example:u@c.example>", AddressRole::kSender, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mailbox->ToString(), "u@c.example");
  EXPECT_EQ(Code(ParsePath("<@a.example u@c.example>", AddressRole::kSender, false)), "501 5.1.7");
  EXPECT_EQ(Code(ParsePath("<@:u@c.example>", AddressRole::kSender, false)), "501 5.1.7");
  EXPECT_EQ(Code(ParsePath("<@a.example,:u@c.example>", AddressRole::kSender, false)), "501 5.1.7");
}

TEST(PathTest, Postmaster) {
  auto r = ParsePath("<PostMaster>", AddressRole::kRecipient, false);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->mailbox->IsBarePostmaster());
  EXPECT_EQ(r->mailbox->ToString(), "PostMaster");
  EXPECT_EQ(Code(ParsePath("<Postmaster>", AddressRole::kSender, false)), "501 5.1.7");
  EXPECT_EQ(Code(ParsePath("<Postmasters>", AddressRole::kRecipient, false)), "501 5.1.3");
}

TEST(PathTest, MissingBrackets) {
  EXPECT_EQ(Code(ParsePath("", AddressRole::kSender, false)), "501 5.1.7");
  EXPECT_EQ(Code(ParsePath("a@b.example", AddressRole::kSender, false)), "501 5.1.7");
  EXPECT_EQ(Code(ParsePath("<a@b.example", AddressRole::kRecipient, false)), "501 5.1.3");
  EXPECT_EQ(Code(ParsePath("<\"a@b.example>", AddressRole::kRecipient, false)), "501 5.1.3");
}

TEST(PathTest, PathLengthLimit) {
  // 256 octets with the brackets is the limit (RFC 5321 4.5.3.1.3).
  std::string domain;
  while (domain.size() < 180) domain += "abcdefghi.";
  domain += "example";
  std::string local(64, 'l');
  std::string path = "<" + local + "@" + domain + ">";
  while (path.size() < 256) {
    domain = "a" + domain;
    path = "<" + local + "@" + domain + ">";
  }
  ASSERT_EQ(path.size(), 256u);
  EXPECT_TRUE(ParsePath(path, AddressRole::kRecipient, false));
  path = "<" + local + "@a" + domain + ">";
  auto r = ParsePath(path, AddressRole::kRecipient, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(ReplyError::FromError(r.error())->ToReplyLine(), "501 5.1.3 Path too long");
  EXPECT_EQ(Code(ParsePath(path, AddressRole::kSender, false)), "501 5.1.7");
}

}  // namespace
}  // namespace tern::smtp::grammar
