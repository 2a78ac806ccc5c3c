#include "mail/mbox_reader.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace tern::mail {
namespace {

struct Parsed {
  std::vector<std::string> from_lines;
  std::vector<std::string> messages;
  int64_t skipped = 0;
};

Parsed Split(std::string_view mbox, size_t chunk) {
  Parsed p;
  MboxReader r({.begin = [&](std::string_view f) {
                  p.from_lines.emplace_back(f);
                  p.messages.emplace_back();
                },
                .data = [&](std::string_view b) { p.messages.back().append(b); },
                .end = [] {}});
  for (size_t i = 0; i < mbox.size(); i += chunk) r.Feed(mbox.substr(i, chunk));
  r.Finish();
  p.skipped = r.skipped_bytes();
  return p;
}

TEST(MboxReaderTest, SplitsAndUnquotes) {
  const std::string mbox =
      "From a@x Tue Jan  1 00:00:00 2002\n"
      "Subject: one\n\nbody\n>From here\n>>From there\nFrom mid-line is not a separator\n\n"
      "From b@x Wed Jan  2 00:00:00 2002\n"
      "Subject: two\n\n\nends with a blank line\n\n\n"
      "From c@x Thu Jan  3 00:00:00 2002\n"
      "Subject: three\n\nno final newline";
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{7}, mbox.size()}) {
    auto p = Split(mbox, chunk);
    ASSERT_EQ(p.messages.size(), 3u) << chunk;
    EXPECT_EQ(p.from_lines[0], "From a@x Tue Jan  1 00:00:00 2002");
    EXPECT_EQ(p.messages[0],
              "Subject: one\n\nbody\nFrom here\n>From there\nFrom mid-line is not a separator\n");
    EXPECT_EQ(p.messages[1], "Subject: two\n\n\nends with a blank line\n\n");
    EXPECT_EQ(p.messages[2], "Subject: three\n\nno final newline");
    EXPECT_EQ(p.skipped, 0);
  }
}

TEST(MboxReaderTest, CrlfFilesAndGarbageBeforeFirstMessage) {
  const std::string mbox =
      "junk line\r\n\r\nFrom a@x Tue Jan  1 00:00:00 2002\r\nSubject: a\r\n\r\nx\r\n\r\n"
      "From b@x Tue Jan  1 00:00:00 2002\r\nSubject: b\r\n\r\ny\r\n";
  auto p = Split(mbox, 3);
  ASSERT_EQ(p.messages.size(), 2u);
  EXPECT_EQ(p.messages[0], "Subject: a\r\n\r\nx\r\n");
  EXPECT_EQ(p.messages[1], "Subject: b\r\n\r\ny\r\n");
  EXPECT_EQ(p.skipped, 11);  // "junk line\r\n"; the blank line is the separator
}

TEST(MboxReaderTest, LongLinesStayBounded) {
  std::string mbox = "From a@x Tue Jan  1 00:00:00 2002\nSubject: long\n\n";
  std::string long_line(300000, 'y');
  mbox += long_line + "\nFrom not a separator here\n";
  auto p = Split(mbox, 4096);
  ASSERT_EQ(p.messages.size(), 1u);
  EXPECT_EQ(p.messages[0], "Subject: long\n\n" + long_line + "\nFrom not a separator here\n");
}

TEST(MboxReaderTest, RandomChunksAgree) {
  std::string mbox;
  for (int i = 0; i < 50; ++i) {
    mbox += "From x Tue Jan  1 00:00:00 2002\nSubject: " + std::to_string(i) + "\n\n>From a\n\n";
  }
  auto whole = Split(mbox, mbox.size());
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    Parsed p;
    MboxReader r({.begin = [&](std::string_view) { p.messages.emplace_back(); },
                  .data = [&](std::string_view b) { p.messages.back().append(b); },
                  .end = [] {}});
    for (size_t i = 0; i < mbox.size();) {
      size_t n = std::min<size_t>(1 + rng() % 40, mbox.size() - i);
      r.Feed(std::string_view(mbox).substr(i, n));
      i += n;
    }
    r.Finish();
    EXPECT_EQ(p.messages, whole.messages);
  }
}

TEST(MboxReaderTest, FromLineDate) {
  EXPECT_EQ(MboxFromLineDate("From a@x Tue Jan  1 00:00:00 2002"), 1009843200);
  EXPECT_EQ(MboxFromLineDate("From MAILER-DAEMON Fri Jul  8 12:08:34 2011"), 1310126914);
  EXPECT_EQ(MboxFromLineDate("From a@x"), std::nullopt);
  EXPECT_EQ(MboxFromLineDate("From a@x Tue Foo  1 00:00:00 2002"), std::nullopt);
  EXPECT_EQ(MboxFromLineDate("From a@x Tue Jan 41 00:00:00 2002"), std::nullopt);
}

}  // namespace
}  // namespace tern::mail
