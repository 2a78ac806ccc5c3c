#include "mail/mbox_reader.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace tern::mail {

namespace {

bool IsFromLine(std::string_view line) { return line.substr(0, 5) == "From "; }

// ">From ", ">>From " ...: the mboxrd quoting of a From line inside a message.
bool IsQuotedFromLine(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i, 5) == "From ";
}

bool IsBlank(std::string_view line) { return line == "\n" || line == "\r\n"; }

}  // namespace

void MboxReader::Emit(std::string_view bytes) {
  if (in_message_) {
    cb_.data(bytes);
  } else {
    skipped_ += static_cast<int64_t>(bytes.size());
  }
}

void MboxReader::Line(std::string_view line, bool complete) {
  // `line` includes its line ending when complete.
  if (!at_line_start_) {  // the tail of an over-long line
    if (pending_blank_) {
      Emit(pending_blank_text_);
      pending_blank_ = false;
    }
    Emit(line);
    previous_blank_ = false;
    return;
  }
  if (complete && IsBlank(line)) {
    if (pending_blank_) Emit(pending_blank_text_);
    pending_blank_ = true;
    pending_blank_text_ = std::string(line);
    previous_blank_ = true;
    return;
  }
  if (IsFromLine(line) && (previous_blank_ || pending_blank_)) {
    // The held-back blank line was the separator.
    pending_blank_ = false;
    if (in_message_) cb_.end();
    in_message_ = true;
    std::string_view from = line;
    while (!from.empty() && (from.back() == '\n' || from.back() == '\r')) from.remove_suffix(1);
    cb_.begin(from);
    previous_blank_ = false;
    return;
  }
  if (pending_blank_) {
    Emit(pending_blank_text_);
    pending_blank_ = false;
  }
  if (IsQuotedFromLine(line)) line.remove_prefix(1);
  Emit(line);
  previous_blank_ = false;
}

void MboxReader::Feed(std::string_view chunk) {
  while (!chunk.empty()) {
    size_t lf = chunk.find('\n');
    if (lf == std::string_view::npos) {
      line_.append(chunk);
      if (line_.size() > kMaxBufferedLine) {
        Line(line_, false);
        line_.clear();
        at_line_start_ = false;
      }
      return;
    }
    line_.append(chunk.substr(0, lf + 1));
    chunk.remove_prefix(lf + 1);
    Line(line_, true);
    line_.clear();
    at_line_start_ = true;
  }
}

void MboxReader::Finish() {
  if (!line_.empty()) {
    Line(line_, false);
    line_.clear();
  }
  // A final blank line is the last message's separator (RFC 4155), not content.
  pending_blank_ = false;
  if (in_message_) cb_.end();
  in_message_ = false;
}

std::optional<int64_t> MboxFromLineDate(std::string_view from_line) {
  // The asctime date is the last 24 characters: "Tue Jan  1 00:00:00 2002". Some writers
  // append a time zone; accept "... 2002" only.
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  while (!from_line.empty() && from_line.back() == ' ') from_line.remove_suffix(1);
  if (from_line.size() < 24) return std::nullopt;
  std::string tail(from_line.substr(from_line.size() - 24));
  char wday[4] = {}, mon[4] = {};
  int day = 0, hh = 0, mm = 0, ss = 0, year = 0;
  if (std::sscanf(tail.c_str(), "%3s %3s %d %d:%d:%d %d", wday, mon, &day, &hh, &mm, &ss,
                  &year) != 7) {
    return std::nullopt;
  }
  int month = -1;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (std::string_view(mon) == kMonths[i]) month = static_cast<int>(i);
  }
  if (month < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970 ||
      year > 9999) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace tern::mail
