#include "imap/session/progress.h"

#include <fmt/format.h>

#include "imap/response/strings.h"

namespace tern::imap::session {

Progress::Progress(std::string_view tag, std::uint64_t goal, Clock::duration interval,
                   Clock::time_point start)
    : goal_(goal), interval_(interval), last_(start) {
  // RFC 9585 4: "If the tag is not available or if it contains the "]" character, it MUST
  // be set to NIL" (the client would read the "]" as the end of the response code).
  if (tag.find(']') != std::string_view::npos) {
    tag_ = "NIL";
  } else {
    response::AppendQuoted(tag_, tag);
  }
}

std::optional<std::string> Progress::Due(std::uint64_t done, Clock::time_point now) {
  if (interval_ <= Clock::duration::zero() || done >= goal_ || now - last_ < interval_) {
    return std::nullopt;
  }
  last_ = now;
  // PROGRESS and GOAL are message counts, as RFC 9585 4 prefers; the percentage is for
  // people reading the text.
  return fmt::format("OK [INPROGRESS ({} {} {})] Processed {}% of the items", tag_, done, goal_,
                     done * 100 / goal_);
}

}  // namespace tern::imap::session
