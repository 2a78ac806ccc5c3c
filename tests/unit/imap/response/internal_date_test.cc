#include "imap/response/internal_date.h"

#include <gtest/gtest.h>

#include <string>

namespace tern::imap::response {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

std::string Date(sys_seconds t, minutes offset = minutes(0)) {
  std::string out;
  AppendInternalDate(out, t, offset);
  return out;
}

sys_seconds At(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  using namespace std::chrono;
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

TEST(InternalDate, Rfc9051Example) {
  // RFC 9051 section 8 sample session: "17-Jul-1996 02:44:25 -0700" is 09:44:25 UTC.
  EXPECT_EQ(Date(At(1996, 7, 17, 9, 44, 25), minutes(-7 * 60)), "\"17-Jul-1996 02:44:25 -0700\"");
}

TEST(InternalDate, DayIsSpacePaddedAndZoneSigned) {
  EXPECT_EQ(Date(sys_seconds(seconds(0))), "\" 1-Jan-1970 00:00:00 +0000\"");
  EXPECT_EQ(Date(At(2024, 2, 29, 23, 30, 0), minutes(330)), "\" 1-Mar-2024 05:00:00 +0530\"");
  EXPECT_EQ(Date(At(2024, 1, 1, 0, 15, 59), minutes(-45)), "\"31-Dec-2023 23:30:59 -0045\"");
  EXPECT_EQ(Date(At(2023, 12, 9, 1, 2, 3)), "\" 9-Dec-2023 01:02:03 +0000\"");
}

TEST(InternalDate, Clamped) {
  EXPECT_EQ(Date(At(2000, 6, 1, 12, 0, 0), minutes(100 * 60)), "\" 2-Jun-2000 11:59:00 +2359\"");
  EXPECT_EQ(Date(At(12000, 1, 1, 0, 0, 0)), "\"31-Dec-9999 23:59:59 +0000\"");
  EXPECT_EQ(Date(At(-5, 1, 1, 0, 0, 0)), "\" 1-Jan-0000 00:00:00 +0000\"");
}

}  // namespace
}  // namespace tern::imap::response
