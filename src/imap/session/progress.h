#pragma once
// RFC 9585 INPROGRESS: while one command works through many items (messages searched,
// fetched), an untagged "* OK [INPROGRESS ("tag" done goal)] ..." now and then, so that a
// client neither gives up on a long SEARCH nor shows no progress. One Progress per
// command; the command's loop asks Due() at each step and sends what it returns
// (Session::SendProgress). No I/O here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tern::imap::session {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  // A command tagged `tag` with `goal` items to do, started at `start`; a notification
  // at most every `interval` (zero or less: never).
  Progress(std::string_view tag, std::uint64_t goal, Clock::duration interval,
           Clock::time_point start = Clock::now());

  // The response text ("OK [INPROGRESS ...] ...", without "* ") to send now that `done`
  // items are done, or nullopt: `interval` has not passed since the start or the last
  // one, or `done` is not below the goal (RFC 9585 4: then the tagged reply is due, and
  // GOAL must stay greater than PROGRESS).
  std::optional<std::string> Due(std::uint64_t done, Clock::time_point now = Clock::now());

 private:
  std::string tag_;  // as written: quoted, or NIL
  std::uint64_t goal_;
  Clock::duration interval_;
  Clock::time_point last_;
};

}  // namespace tern::imap::session
