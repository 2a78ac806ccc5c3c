#include "mail/structure.h"

#include <gtest/gtest.h>

#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

// RFC 3501 section 6.4.5 example shape: mixed(text, app, mixed(message/rfc822(mixed(text,
// app)), ...)), reduced.
constexpr std::string_view kMessage =
    "Content-Type: multipart/mixed; boundary=a\n\n"
    "--a\n\npart 1\n"
    "--a\nContent-Type: application/octet-stream\n\nAAAA\n"
    "--a\nContent-Type: message/rfc822\n\n"
    "Subject: inner\nContent-Type: multipart/alternative; boundary=b\n\n"
    "--b\n\ninner text\n--b\nContent-Type: text/html\n\n<p/>\n--b--\n"
    "--a\nContent-Type: message/rfc822\n\nSubject: simple\n\nsimple body\n"
    "--a--\n";

TEST(Structure, ListsImapPartNumbers) {
  const MessageStructure s = ParseMessage(kMessage);
  std::vector<std::string> numbers;
  for (const NumberedPart& n : ListParts(s)) numbers.push_back(n.number + ":" + n.part->subtype);
  EXPECT_EQ(numbers, (std::vector<std::string>{"1:plain", "2:octet-stream", "3:rfc822", "3.1:plain",
                                               "3.2:html", "4:rfc822", "4.1:plain"}));
}

TEST(Structure, FindsPartsBySection) {
  const MessageStructure s = ParseMessage(kMessage);
  EXPECT_EQ(FindPart(s, ""), &s.root);
  ASSERT_NE(FindPart(s, "3.2"), nullptr);
  EXPECT_EQ(FindPart(s, "3.2")->subtype, "html");
  EXPECT_EQ(FindPart(s, "4.1")->body_size, 11u);
  for (const char* bad : {"0", "5", "1.1", "3.3", "3.", ".1", "01", "a", "3.1.1", "99999999999999"}) {
    EXPECT_EQ(FindPart(s, bad), nullptr) << bad;
  }
}

TEST(Structure, NonMultipartMessageIsItsOwnPartOne) {
  const MessageStructure s = ParseMessage("Subject: x\n\nbody\n");
  EXPECT_EQ(FindPart(s, "1"), &s.root);
  EXPECT_EQ(FindPart(s, "2"), nullptr);
  ASSERT_EQ(ListParts(s).size(), 1u);
}

}  // namespace
}  // namespace tern::mail
