// RFC 5256 2.1 base subject extraction: each step, the reply/forward flag, and inputs
// that would make a naive implementation quadratic.
#include "imap/sort/base_subject.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tern::imap::sort {
namespace {

struct Case {
  const char* raw;
  const char* base;
  bool reply;
};

TEST(BaseSubjectTest, Table) {
  const Case cases[] = {
      {"", "", false},
      {"Hello", "Hello", false},
      {"  Hello  world \t ", "Hello world", false},  // (1) spaces, (2) trailing WSP
      {"Re: Hello", "Hello", true},
      {"RE: Hello", "Hello", true},
      {"re:Hello", "Hello", true},
      {"Re : Hello", "Hello", true},  // subj-refwd allows WSP before ":"
      {"Fw: Hello", "Hello", true},
      {"FWD: Hello", "Hello", true},
      {"Re: Re: Fwd: Re: Hello", "Hello", true},
      {"Re[2]: Hello", "Hello", true},           // subj-blob inside subj-refwd
      {"Re [2] : Hello", "Hello", true},
      {"[list] Re: Hello", "Hello", true},       // *subj-blob subj-refwd
      {"Re: [list] Re: Hello", "Hello", true},
      {"[list] Hello", "Hello", false},          // (4) blob removed, base left
      {"[a][b] [c] Hello", "Hello", false},
      {"[PATCH]", "[PATCH]", false},             // (4) the last blob is the base
      {"Re: [PATCH]", "[PATCH]", true},
      {"[a] [PATCH]", "[PATCH]", false},
      {"Hello (fwd)", "Hello", true},            // (2) "(fwd)" trailer
      {"Hello (FWD) (fwd)  ", "Hello", true},
      {"Hello(fwd)", "Hello", true},
      {"[fwd: Hello]", "Hello", true},           // (6)
      {"[Fwd: Re: Hello (fwd)]", "Hello", true},
      {"[fwd: [fwd: Hello]]", "Hello", true},
      {"[fwd: Hello", "[fwd: Hello", false},     // no subj-fwd-trl: not a forward
      {"Re:", "", true},
      {"Re: ", "", true},
      {"Reply: Hello", "Reply: Hello", false},  // "re" must be followed by ":"
      {"Fwdx: Hello", "Fwdx: Hello", false},
      {"Hello Re: world", "Hello Re: world", false},
      {"Re: Hello [fwd: x]", "Hello [fwd: x]", true},
      {"=?UTF-8?Q?Re=3A_Gr=C3=BC=C3=9Fe?=", "Grüße", true},  // (1) RFC 2047 first
      {"Re: =?ISO-8859-1?Q?caf=E9?= (fwd)", "café", true},
      {"Re:\r\n\tfolded\r\n subject", "folded subject", true},
  };
  for (const auto& c : cases) {
    const BaseSubject b = ExtractBaseSubject(c.raw);
    EXPECT_EQ(b.text, c.base) << c.raw;
    EXPECT_EQ(b.reply_or_forward, c.reply) << c.raw;
  }
}

TEST(BaseSubjectTest, HostileInputStaysLinear) {
  std::string blobs;
  for (int i = 0; i < 80000; ++i) blobs += "[a]";
  blobs += "x";
  std::string nested;
  for (int i = 0; i < 40000; ++i) nested += "[fwd: ";
  nested += "x";
  nested += std::string(40000, ']');
  std::string refs;
  for (int i = 0; i < 80000; ++i) refs += "re:";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ExtractBaseSubject(blobs).text, "x");
  EXPECT_EQ(ExtractBaseSubject(nested).text, "x");
  EXPECT_EQ(ExtractBaseSubject(refs).text, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace tern::imap::sort
