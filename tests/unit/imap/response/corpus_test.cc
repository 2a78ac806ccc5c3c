// ENVELOPE and BODYSTRUCTURE of real-world messages from the shared corpus
// (../shared/corpus, see its README), parsed by mail::ParseMessage, against expected
// strings written by hand: each message was read byte by byte, the structure worked out
// under RFC 2045/2046/5322, sizes and line counts counted from the bytes (the
// multiparts' delimiter line breaks excluded, RFC 2046 section 5.1.1), and the response
// spelled as RFC 9051 section 7.5.2/section 9 and bodystructure_writer.h say. Skips when
// the corpus is absent (a user's clone does not have it).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "imap/response/bodystructure_writer.h"
#include "imap/response/envelope_writer.h"
#include "mail/mime_parser.h"

namespace tern::imap::response {
namespace {

namespace fs = std::filesystem;

struct CorpusCase {
  const char* path;  // under eml/
  TextMode mode;
  std::string envelope;
  std::string bodystructure;
};

// Repeated pieces, to keep the table readable.
const std::string kPlainAscii = R"x("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT")x";

std::string Three(const std::string& list) { return list + " " + list + " " + list; }

// clang-format off
const CorpusCase kCases[] = {
    // Single part, charset given, folded Content-Type; no envelope fields at all.
    {"enmime/testdata__parts__textplain.eml", TextMode::kAscii,
     "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
     "(" + kPlainAscii + " 28 1 NIL NIL NIL NIL)"},
    // No Content-Type: RFC 2045 section 5.2 default text/plain; charset=us-ascii.
    {"enmime/testdata__parts__missing-ctype-root.eml", TextMode::kAscii,
     "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
     "(" + kPlainAscii + " 107 2 NIL NIL NIL NIL)"},
    // The whole message is message/rfc822: envelope and body of the enclosed one.
    {"cpython/msg_11.eml", TextMode::kAscii,
     R"x((NIL "The enclosing message" NIL NIL NIL NIL NIL NIL NIL NIL))x",
     R"x(("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 63 (NIL "An enclosed message" NIL NIL NIL NIL NIL NIL NIL NIL) )x"
     "(" + kPlainAscii + " 33 1 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)"},
    // RFC 2231 extended filename (UTF-8) on a base64 attachment; text/html without charset.
    {"chatmail/attach_filename_apostrophed.eml", TextMode::kAscii,
     R"x(("Sat, 07 Dec 2019 19:00:27 +0000" "Test apostrophed filenames" )x" +
         Three(R"x(((NIL NIL "sender" "testrun.org")))x") +
         R"x( ((NIL NIL "recp" "testrun.org")) NIL NIL NIL "12345@testrun.org"))x",
     R"x((("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 64 2 NIL NIL NIL NIL))x"
     R"x(("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "BASE64" 37 1 NIL )x"
     R"x(("ATTACHMENT" ("FILENAME*" "utf-8''Ma%C3%9Fnahmen%20Okt.%202021.html")) NIL NIL) )x"
     R"x("MIXED" ("BOUNDARY" "==BREAK==") NIL NIL NIL))x"},
    // The same with UTF-8 allowed: the filename is sent decoded.
    {"chatmail/attach_filename_apostrophed.eml", TextMode::kUtf8,
     R"x(("Sat, 07 Dec 2019 19:00:27 +0000" "Test apostrophed filenames" )x" +
         Three(R"x(((NIL NIL "sender" "testrun.org")))x") +
         R"x( ((NIL NIL "recp" "testrun.org")) NIL NIL NIL "12345@testrun.org"))x",
     R"x((("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 64 2 NIL NIL NIL NIL))x"
     R"x(("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "BASE64" 37 1 NIL )x"
     "(\"ATTACHMENT\" (\"FILENAME\" \"Ma\xc3\x9fnahmen Okt. 2021.html\")) NIL NIL) "
     R"x("MIXED" ("BOUNDARY" "==BREAK==") NIL NIL NIL))x"},
    // RFC 2231 continuations (filename*0*, filename*1*) in windows-1251.
    {"chatmail/attach_filename_apostrophed_windows1251.eml", TextMode::kAscii,
     R"x(("Sat, 07 Dec 2019 19:00:27 +0000" "Test apostrophed filenames" )x" +
         Three(R"x(((NIL NIL "sender" "testrun.org")))x") +
         R"x( ((NIL NIL "recp" "testrun.org")) NIL NIL NIL "12345@testrun.org"))x",
     R"x((("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 200 6 NIL NIL NIL NIL))x"
     R"x(("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "BASE64" 37 1 NIL )x"
     R"x(("ATTACHMENT" ("FILENAME*" "utf-8''%D0%BF%D1%80%D0%BE%D0%B3%D1%80%D0%B0%D0%BC%D0%BC%D0%B8%D1%80%D0%BE%D0%B2%D0%B0%D0%BD%D0%B8%D0%B5.HTM")) )x"
     R"x(NIL NIL) "MIXED" ("BOUNDARY" "==BREAK==") NIL NIL NIL))x"},
    // RFC 2047 word in a plain "name" (sent raw) beside an RFC 2231 "filename*".
    {"mime-tools/attachment-filename-encoding-UTF8.eml", TextMode::kAscii,
     "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
     R"x((("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 16 1 NIL NIL NIL NIL))x"
     R"x(("TEXT" "PLAIN" ("NAME" "=?UTF-8?B?YXR0YWNobWVudC7DpMO2w7w=?=" "CHARSET" "us-ascii") )x"
     R"x(NIL NIL "BASE64" 8 0 NIL ("ATTACHMENT" ("FILENAME*" "utf-8''attachment.%C3%A4%C3%B6%C3%BC")) )x"
     R"x(NIL NIL) "MIXED" ("BOUNDARY" "------------050706070100080203090004") NIL NIL NIL))x"},
    // charset*=ansi-x3.4-1968''us-ascii: extended, but plain ASCII once decoded.
    {"cpython/msg_32.eml", TextMode::kAscii,
     R"x(("Tue, 26 Sep 2000 12:23:03 -0500" "Re: Limiting Perl CPU Utilization..." )x"
     R"x((("Anne Person" NIL "aperson" "example.com")) ((NIL NIL "owner-freebsd-isp" "FreeBSD.ORG")) )x"
     R"x((("Anne Person" NIL "aperson" "example.com")) (("Barney Dude" NIL "bdude" "example.com")) )x"
     "NIL NIL NIL NIL)",
     "(" + kPlainAscii + R"x( 14 1 NIL ("INLINE" NIL) NIL NIL))x"},
    // Group syntax (RFC 3501 section 7.4.2), an empty group, no Subject.
    {"ruby-mail/rfc2822__example04.eml", TextMode::kAscii,
     R"x(("Thu, 13 Feb 1969 23:32:54 -0330" NIL )x" +
         Three(R"x((("Pete" NIL "pete" "silly.example")))x") +
         R"x( ((NIL NIL "A Group" NIL)("Chris Jones" NIL "c" "a.test")(NIL NIL "joe" "where.test"))x"
         R"x(("John" NIL "jdoe" "one.test")(NIL NIL NIL NIL)) )x"
         R"x(((NIL NIL "Undisclosed recipients" NIL)(NIL NIL NIL NIL)) NIL NIL )x"
         R"x("<testabcd.1234@silly.example>"))x",
     "(" + kPlainAscii + " 10 1 NIL NIL NIL NIL)"},
    // multipart/digest: parts without Content-Type are message/rfc822 (RFC 2046 5.1.5).
    {"cpython/msg_30.eml", TextMode::kAscii,
     "(NIL NIL " + Three(R"x(((NIL NIL "aperson" "dom.ain")))x") + " NIL NIL NIL NIL NIL)",
     "(" + [] {
       const std::string m = R"x(("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 96 (NIL "ee" )x" +
                             Three(R"x(((NIL NIL "cc" "dd.org")))x") +
                             R"x( ((NIL NIL "aa" "bb.org")) NIL NIL NIL NIL) ()x" + kPlainAscii +
                             " 10 1 NIL NIL NIL NIL) 6 NIL NIL NIL NIL)";
       return m + m;
     }() + R"x( "DIGEST" ("BOUNDARY" "BOUNDARY") NIL NIL NIL))x"},
    // Nested multipart/alternative > multipart/related; 8bit parts.
    {"flanker/multipart.eml", TextMode::kAscii,
     R"x((NIL "Welcome" )x" + Three(R"x((("Administrator" NIL "administrator" "example.com")))x") +
         R"x( (("Bob Sample" NIL "bob" "example.com")) NIL NIL NIL NIL))x",
     R"x((("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "8BIT" 7 1 NIL NIL NIL NIL))x"
     R"x((("TEXT" "HTML" ("CHARSET" "UTF-8") NIL NIL "8BIT" 4 1 NIL NIL NIL NIL) "RELATED" )x"
     R"x(("BOUNDARY" "bd2") NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "bd1") NIL NIL NIL))x"},
    // multipart/report with a part without header and a message/rfc822; bare-word
    // addresses (no domain: host "", which is not NIL, so not a group marker).
    {"cpython/msg_05.eml", TextMode::kAscii,
     R"x((NIL "bar" )x" + Three(R"x(((NIL NIL "foo" "")))x") +
         R"x( ((NIL NIL "baz" "")) NIL NIL NIL "<20010803162810.0CA8AA7ACC@mail.example.com>"))x",
     "((" + kPlainAscii + " 18 1 NIL NIL NIL NIL)(" + kPlainAscii + " 18 1 NIL NIL NIL NIL)" +
         R"x(("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 43 (NIL NIL )x" +
         Three(R"x(((NIL NIL "nobody" "python.org")))x") + " NIL NIL NIL NIL NIL) (" + kPlainAscii +
         R"x( 18 1 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) "REPORT" ("REPORT-TYPE" "delivery-status" )x"
         R"x("BOUNDARY" "D1690A7AC1.996856090/mail.example.com") NIL NIL NIL))x"},
    // message/rfc822 holding a multipart whose only part is empty (no header, no body).
    {"mime4j/core__src__test__resources__testmsgs__multipartnestedemptyparts.eml", TextMode::kAscii,
     R"x(("Thu, 11 Apr 1996 01:10:30 -0500" NIL )x" + Three(R"x((("Me" NIL "me" "example.com")))x") +
         " NIL NIL NIL NIL NIL)",
     R"x((("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 356 ("Thu, 11 Apr 1996 01:10:30 -0500" NIL )x" +
         Three(R"x((("Me" NIL "me" "example.com")))x") + " NIL NIL NIL NIL NIL) ((" + kPlainAscii +
         R"x( 0 0 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "------------299A70B339B65A93542D2AF") NIL NIL NIL) )x"
         R"x(12 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "------------299A70B339B65A93542D2AE") NIL NIL NIL))x"},
    // The same inside multipart/digest: the digest part has an empty header.
    {"mime4j/core__src__test__resources__testmsgs__multipartdigestnestedemptyparts.eml",
     TextMode::kAscii,
     R"x(("Thu, 11 Apr 1996 01:10:30 -0500" NIL )x" + Three(R"x((("Me" NIL "me" "example.com")))x") +
         " NIL NIL NIL NIL NIL)",
     R"x((("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 356 ("Thu, 11 Apr 1996 01:10:30 -0500" NIL )x" +
         Three(R"x((("Me" NIL "me" "example.com")))x") + " NIL NIL NIL NIL NIL) ((" + kPlainAscii +
         R"x( 0 0 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "------------299A70B339B65A93542D2AF") NIL NIL NIL) )x"
         R"x(12 NIL NIL NIL NIL) "DIGEST" ("BOUNDARY" "------------299A70B339B65A93542D2AE") NIL NIL NIL))x"},
    // alternative > related with inline attachments; lines without a final line break.
    {"enmime/testdata__parts__nestedmulti.eml", TextMode::kAscii,
     "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
     "((" + kPlainAscii + R"x( 14 0 NIL NIL NIL NIL)(("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "7BIT" 15 0 )x"
     R"x(NIL NIL NIL NIL)("TEXT" "PLAIN" ("NAME" "attach.txt" "CHARSET" "us-ascii") NIL NIL "7BIT" 25 0 NIL )x"
     R"x(("INLINE" ("FILENAME" "attach.txt")) NIL NIL)("TEXT" "PLAIN" ("NAME" "attach2.txt" "CHARSET" )x"
     R"x("us-ascii") NIL NIL "7BIT" 30 0 NIL ("INLINE" NIL) NIL NIL) "RELATED" ("BOUNDARY" "Enmime-Test-200") )x"
     R"x(NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "Enmime-Test-100") NIL NIL NIL))x"},
    // Three levels of multipart (mixed > signed > alternative), an unregistered type.
    {"dovecot/thirdparty__006.eml", TextMode::kAscii,
     R"x((NIL "Hide and seek" NIL NIL NIL NIL NIL NIL NIL NIL))x",
     R"x((((("TEXT" "HTML" ("CHARSET" "us-ascii") NIL NIL "7BIT" 89 1 NIL NIL NIL NIL))x"
     R"x(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "BINARY" 27 0 NIL NIL NIL NIL) "ALTERNATIVE" )x"
     R"x(("BOUNDARY" "3") NIL NIL NIL)("SIGNATURE" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 21 NIL )x"
     R"x(NIL NIL NIL) "SIGNED" ("PROTOCOL" "signature/plain" "MIGALC" "pen+paper" "BOUNDARY" "2") )x"
     R"x(NIL NIL NIL) "MIXED" ("BOUNDARY" "1") NIL NIL NIL))x"},
    // message/partial is a basic type; "binary" encoding.
    {"dovecot/thirdparty__009.eml", TextMode::kAscii,
     R"x((NIL "In parts" NIL NIL NIL NIL NIL NIL NIL NIL))x",
     R"x((("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "BINARY" 48 0 NIL NIL NIL NIL))x"
     R"x(("MESSAGE" "PARTIAL" ("NUMBER" "1" "TOTAL" "5" "ID" "heks68ewe@example.org") NIL NIL "7BIT" )x"
     R"x(241 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "1") NIL NIL NIL))x"},
    // Unknown transfer encoding is sent as written (upper-cased).
    {"mime-tools/x-gzip64.eml", TextMode::kAscii,
     R"x((NIL "Testing!" NIL NIL NIL NIL NIL NIL NIL NIL))x",
     R"x(("TEXT" "PLAIN" ("NAME" ".signature" "CHARSET" "us-ascii") NIL NIL "X-GZIP64" 281 5 NIL )x"
     R"x(("INLINE" ("FILENAME" ".signature")) NIL NIL))x"},
    // Header only, no body; Content-ID.
    {"enmime/testdata__parts__header-only.eml", TextMode::kAscii,
     "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
     R"x(("TEXT" "HTML" ("NAME" "file.html" "CHARSET" "utf-8") "<part123456@inbucket.org>" NIL "7BIT" )x"
     R"x(0 0 NIL ("INLINE" NIL) NIL NIL))x"},
    // Content-Location (RFC 2557); an empty Content-Disposition is no disposition.
    {"ruby-mail/error_emails__missing_content_disposition.eml", TextMode::kAscii,
     R"x(("Tue, 22 Jan 2002 14:35:28 UT" "Redacted" )x" +
         Three(R"x(((NIL NIL "redacted" "example.com")))x") +
         R"x( ((NIL NIL "redacted" "example.com")) NIL NIL NIL )x"
         R"x("<200201221435.g0MEZP927213@mailman.enron.com>"))x",
     R"x((("IMAGE" "JPG" NIL NIL NIL "BASE64" 1794 NIL NIL NIL "somefile.jpg") "RELATED" )x"
     R"x(("BOUNDARY" "_----------=_10117101281980") NIL NIL NIL))x"},
    // Content-MD5; a comment as the display name; a folded In-Reply-To with quotes.
    {"jwz/jwz-061.eml", TextMode::kAscii,
     R"x(("14 Aug 95 06:39:48 GMT" "Re: MIME Content-MD5 header" )x" +
         Three(R"x((("Keith Moore" NIL "moore" "cs.utk.edu")))x") +
         R"x( NIL NIL NIL "Your message of \"Fri, 11 Aug 1995 09:34:10 BST.\"             )x"
         R"x(<Q9+PDBACYxKwIAQs@turnpike.com>" "<199508140639.CAA17658@wilma.cs.utk.edu>"))x",
     "((" + kPlainAscii + R"x( 1172 21 NIL NIL NIL NIL)("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL )x"
     R"x("QUOTED-PRINTABLE" 146 2 "JBUsEwk6AEsrJxeDnYDj2g==" NIL NIL NIL)("TEXT" "PLAIN" ("CHARSET" )x"
     R"x("us-ascii") NIL NIL "BASE64" 194 2 "JBUsEwk6AEsrJxeDnYDj2g==" NIL NIL NIL) "MIXED" )x"
     R"x(("BOUNDARY" "frotz") NIL NIL NIL))x"},
    // Content-Language; two parameters.
    {"chatmail/cp1252-html.eml", TextMode::kAscii,
     R"x(("Thu, 27 May 2021 17:33:16 +0200" "test non-utf8 and dc_get_msg_html()" )x" +
         Three(R"x((("B. Petersen" NIL "bpetersen" "b44t.com")))x") +
         R"x( (("tunis4" NIL "tunis4" "testrun.org")) NIL NIL NIL )x"
         R"x("<00007126-1efa-290b-2120-200251f50f23@b44t.com>"))x",
     R"x(("TEXT" "PLAIN" ("CHARSET" "windows-1252" "FORMAT" "flowed") NIL NIL "8BIT" 138 8 NIL NIL )x"
     R"x("en-US" NIL))x"},
    // Raw UTF-8 in From (RFC 6532): literals for IMAP4rev1...
    {"kde-kmime/eai-from.eml", TextMode::kAscii,
     "(\"Thu, 20 May 2004 14:28:51 +0200\" NIL " +
         Three("(({19}\r\nJ\xc3\xb8ran \xc3\x98yg\xc3\xa5rdv\xc3\xa6r NIL {6}\r\nj\xc3\xb8ran "
               "\"example.com\"))") +
         R"x( (("Arnt Gulbrandsen" NIL "arnt" "example.com")) NIL NIL NIL NIL))x",
     "(" + kPlainAscii + " 5 1 NIL NIL NIL NIL)"},
    // ... and quoted strings when UTF-8 is allowed.
    {"kde-kmime/eai-from.eml", TextMode::kUtf8,
     "(\"Thu, 20 May 2004 14:28:51 +0200\" NIL " +
         Three("((\"J\xc3\xb8ran \xc3\x98yg\xc3\xa5rdv\xc3\xa6r\" NIL \"j\xc3\xb8ran\" "
               "\"example.com\"))") +
         R"x( (("Arnt Gulbrandsen" NIL "arnt" "example.com")) NIL NIL NIL NIL))x",
     "(" + kPlainAscii + " 5 1 NIL NIL NIL NIL)"},
    // Raw KOI8-R header text is not UTF-8: a literal even when UTF-8 is allowed.
    {"cyrus/mime__headers-koi8r.eml", TextMode::kUtf8,
     std::string("(\"Wed, 27 Feb 2019 13:21:50 -0500\" {24}\r\n") +
         "\xed\xcf\xd3\xcb\xd7\xc1 - \xd3\xd4\xcf\xcc\xc9\xc3\xc1 \xf2\xcf\xd3\xd3\xc9\xc9" "." " " +
         Three(std::string("(({28}\r\n") + "\xe6\xa3\xc4\xcf\xd2 \xed\xc9\xc8\xc1\xca\xcc\xcf\xd7\xc9\xde "
               "\xe4\xcf\xd3\xd4\xcf\xc5\xd7\xd3\xcb\xc9\xca" " NIL \"fyodor\" \"local\"))") +
         R"x( ((NIL NIL "test2" "local")) NIL NIL NIL NIL))x",
     "(" + kPlainAscii + " 23 1 NIL NIL NIL NIL)"},
    // A base64-encoded message/rfc822 cannot be parsed in place: APPLICATION/OCTET-STREAM
    // (bodystructure_writer.h). structure_ok=no in the manifest for exactly this reason.
    {"mime4j/core__src__test__resources__testmsgs__base64encoded-rfc822message-nested.eml",
     TextMode::kAscii,
     R"x((NIL "the body is a base64 encode rfc822 message including another base64 encoded rfc822 )x"
     R"x(message" NIL NIL NIL NIL NIL NIL NIL NIL))x",
     R"x(("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 380 NIL NIL NIL NIL))x"},
};
// clang-format on

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ImapResponseCorpus, EnvelopeAndBodyStructureAsWrittenByHand) {
  const fs::path root = fs::path(TERN_SHARED_CORPUS_DIR) / "eml";
  if (!fs::exists(root)) GTEST_SKIP() << "shared corpus not found at " << root;
  std::size_t distinct = 0;
  const char* previous = "";
  for (const CorpusCase& c : kCases) {
    SCOPED_TRACE(c.path);
    distinct += std::string_view(previous) != c.path;
    previous = c.path;
    const fs::path file = root / c.path;
    ASSERT_TRUE(fs::exists(file)) << file;
    const mail::MessageStructure s = mail::ParseMessage(ReadFile(file));
    std::string envelope;
    AppendEnvelope(envelope, s.envelope, c.mode);
    EXPECT_EQ(envelope, c.envelope);
    std::string bodystructure;
    AppendBodyStructure(bodystructure, s.root, c.mode);
    EXPECT_EQ(bodystructure, c.bodystructure);
  }
  EXPECT_GE(distinct, 20u);
}

// Checks that `data` is one parenthesised IMAP value: balanced parentheses, quoted strings
// with only \" and \\ escapes and no CR/LF, literals whose announced size is exact, and
// nothing after the closing parenthesis; in kAscii, 8-bit octets only inside literals.
// Returns "" or what is wrong.
std::string CheckWellFormed(std::string_view data, TextMode mode) {
  int depth = 0;
  std::size_t i = 0;
  while (i < data.size()) {
    const char c = data[i];
    if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      if (--depth < 0) return "unbalanced ) at " + std::to_string(i);
      ++i;
      if (depth == 0 && i != data.size()) return "data after the value at " + std::to_string(i);
    } else if (c == '"') {
      ++i;
      while (i < data.size() && data[i] != '"') {
        if (data[i] == '\\') {
          if (i + 1 >= data.size() || (data[i + 1] != '"' && data[i + 1] != '\\')) {
            return "bad escape at " + std::to_string(i);
          }
          ++i;
        } else if (data[i] == '\r' || data[i] == '\n' || data[i] == '\0') {
          return "CR/LF/NUL in quoted string at " + std::to_string(i);
        } else if (mode == TextMode::kAscii && static_cast<unsigned char>(data[i]) >= 0x80) {
          return "8-bit in a quoted string at " + std::to_string(i);
        }
        ++i;
      }
      if (i >= data.size()) return "unterminated quoted string";
      ++i;
    } else if (c == '{') {
      const std::size_t close = data.find("}\r\n", i);
      if (close == std::string_view::npos) return "bad literal at " + std::to_string(i);
      const std::size_t n = std::stoul(std::string(data.substr(i + 1, close - i - 1)));
      i = close + 3 + n;
      if (i > data.size()) return "literal overruns the data";
    } else if (c == ' ' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      ++i;  // separators, NIL and numbers
    } else {
      return std::string("unexpected '") + c + "' at " + std::to_string(i);
    }
  }
  return depth == 0 ? "" : "unbalanced (";
}

// Every message of the corpus, well-formed or not, gives well-formed ENVELOPE, BODY and
// BODYSTRUCTURE data in both modes (STYLE: nothing crashes, ever; output stays parseable).
TEST(ImapResponseCorpus, EveryMessageGivesWellFormedData) {
  const fs::path root = fs::path(TERN_SHARED_CORPUS_DIR) / "eml";
  if (!fs::exists(root)) GTEST_SKIP() << "shared corpus not found at " << root;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
    ++files;
    const mail::MessageStructure s = mail::ParseMessage(ReadFile(entry.path()));
    for (TextMode mode : {TextMode::kAscii, TextMode::kUtf8}) {
      std::string envelope;
      AppendEnvelope(envelope, s.envelope, mode);
      EXPECT_EQ(CheckWellFormed(envelope, mode), "") << entry.path() << "\n" << envelope;
      std::string body;
      AppendBody(body, s.root, mode);
      EXPECT_EQ(CheckWellFormed(body, mode), "") << entry.path() << "\n" << body;
      std::string bodystructure;
      AppendBodyStructure(bodystructure, s.root, mode);
      EXPECT_EQ(CheckWellFormed(bodystructure, mode), "") << entry.path() << "\n" << bodystructure;
    }
  }
  EXPECT_GT(files, 500u);
}

}  // namespace
}  // namespace tern::imap::response
