#include "imap/response/internal_date.h"

#include <algorithm>
#include <cstdio>

namespace tern::imap::response {

void AppendInternalDate(std::string& out, std::chrono::sys_seconds time,
                        std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const minutes offset = std::clamp(utc_offset, minutes(-(23 * 60 + 59)), minutes(23 * 60 + 59));
  const sys_seconds lowest = sys_days(year(0) / January / 1);
  const sys_seconds highest =
      sys_days(year(9999) / December / 31) + hours(23) + minutes(59) + seconds(59);
  const sys_seconds local = std::clamp(time + offset, lowest, highest);
  const sys_days day = floor<days>(local);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> hms(local - day);
  const long zone = std::abs(offset.count());
  char buf[40];
  const int n = std::snprintf(
      buf, sizeof buf, "\"%2u-%s-%04d %02ld:%02ld:%02ld %c%02ld%02ld\"",
      static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
      static_cast<int>(ymd.year()), static_cast<long>(hms.hours().count()),
      static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
      offset.count() < 0 ? '-' : '+', zone / 60, zone % 60);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace tern::imap::response
