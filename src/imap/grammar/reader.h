#pragma once
// Incremental IMAP command reader (RFC 9051 2.2, 4.3; RFC 7888 LITERAL+/LITERAL-;
// RFC 3516 literal8). It finds where a command ends in the octets a client sends: a
// command is one line, or several lines joined by literals, because a line that ends in
// a literal announcement ("{n}", "{n+}", "~{n}", "~{n+}") is continued after n octets of
// literal data. It does no I/O and does not send "+" continuations (STYLE habit 1).
//
// The loop a session runs:
//
//   for (;;) {
//     FeedResult r = reader.Feed(input);  input.remove_prefix(r.consumed);
//     switch (r.status) {
//       kNeedMore:    read more octets into input (all of input was consumed)
//       kNeedLiteral: if r.literal.append_message and the session streams: send "+" if
//                     r.literal.synchronizing, call StreamLiteral(handle), then copy the
//                     next r.literal.size octets of the connection to storage yourself
//                     and Feed what follows them.
//                     Otherwise: send "+ Ready" if synchronizing and call AcceptLiteral().
//                     To refuse a synchronizing literal (quota, policy), call
//                     RefuseLiteral() and answer tagged NO; the client sends nothing.
//       kCommand:     ParseCommand(reader.TakeCommand(), context)
//       kRejected:    answer r.rejection (tagged BAD when it has a tag, "* BAD" without);
//                     if close_connection, send BYE and close. Otherwise keep feeding:
//                     the reader discards the rest of the refused command by itself.
//     }
//   }
//
// Literal limits are checked at the announcement, before the client sends the data, so a
// synchronizing literal is refused without being read (RFC 9051 7.1 TOOBIG; RFC 7888 4
// for non-synchronizing literals, whose data is read and thrown away, or, above
// Limits::max_discard_size, the connection is closed).
//
// Line ends: CRLF, and a bare LF is accepted too (clients and scripts send it; Dovecot and
// Cyrus accept it); RawCommand holds CRLF either way.
//
// Not thread-safe. Movable, not copyable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "imap/grammar/context.h"
#include "imap/grammar/raw_command.h"
#include "imap/grammar/rejection.h"

namespace tern::imap::grammar {

enum class FeedStatus {
  kNeedMore,     // every octet given was consumed; feed more
  kNeedLiteral,  // a literal was announced; the caller decides (see above) before feeding
  kCommand,      // a command is complete; TakeCommand() returns it
  kRejected,     // the command was refused; see FeedResult::rejection
};

struct LiteralRequest {
  std::uint64_t size = 0;
  bool synchronizing = true;  // "{n}": the client waits for "+" before sending the data
  bool binary = false;        // "~{n}" literal8: the data may contain NUL
  // The literal is message data of APPEND or REPLACE (a message, or a CATENATE TEXT
  // part; not the mailbox name nor a CATENATE URL), which the caller may stream with
  // StreamLiteral instead of letting the reader buffer it.
  bool append_message = false;
  std::string tag;  // the command's tag, for refusing it with a tagged response
};

struct FeedResult {
  FeedStatus status = FeedStatus::kNeedMore;
  std::size_t consumed = 0;  // octets of the input used; the rest belongs to what follows
  LiteralRequest literal;    // set with kNeedLiteral
  Rejection rejection;       // set with kRejected
};

class CommandReader {
 public:
  // `context` gives the literal mode (LITERAL+, LITERAL-, neither) and the limits; the
  // session makes a new reader, or calls SetContext, when they change (after login).
  explicit CommandReader(const ParseContext& context = {});

  CommandReader(const CommandReader&) = delete;
  CommandReader& operator=(const CommandReader&) = delete;
  CommandReader(CommandReader&&) = default;
  CommandReader& operator=(CommandReader&&) = default;

  void SetContext(const ParseContext& context) { context_ = context; }

  // Consumes octets from the front of `input` until one event: a complete command, a
  // literal announcement, a rejection, or the end of input (kNeedMore). Never consumes
  // octets past the event, so what remains belongs to the next call (pipelined commands,
  // or the literal data after kNeedLiteral).
  // Precondition: after kNeedLiteral, AcceptLiteral/StreamLiteral/RefuseLiteral was
  // called; after kCommand, TakeCommand was called. Feeding without the decision accepts
  // the literal; feeding without TakeCommand returns kCommand again with consumed 0.
  FeedResult Feed(std::string_view input);

  // After kNeedLiteral: the reader buffers the next `size` octets as the literal.
  void AcceptLiteral();

  // After kNeedLiteral with append_message: the caller takes the next `size` octets of
  // the connection itself (they must not be fed to the reader) and the command gets a
  // RawLiteral with stream_handle = handle and no data. The reader then continues with
  // the rest of the command line after the literal.
  void StreamLiteral(std::uint64_t handle);

  // After kNeedLiteral for a synchronizing literal: the session refuses it (tagged NO) and
  // the client will not send it; the reader drops the command and waits for a new one.
  // For a non-synchronizing literal, the data is already coming: it is discarded.
  void RefuseLiteral();

  // After kCommand: the command, moved out; the reader is ready for the next one.
  RawCommand TakeCommand();

  // The next complete line is delivered as a RawCommand of that one line (no literal
  // processing, no tag): AUTHENTICATE continuation lines (RFC 9051 6.2.2) and the "DONE"
  // that ends IDLE (RFC 2177) are not commands. Call before feeding that line.
  void ExpectLine() { raw_line_ = true; }

  // True between commands: no partial command is buffered.
  bool IsIdle() const;

 private:
  enum class State { kLine, kLiteral, kAwaitDecision, kDiscardLiteral, kDiscardLine, kDone };

  FeedResult OnLine(std::string_view line, std::size_t consumed);
  // Whether the literal announced at `start` of `line` is message data the session may
  // stream: any literal of APPEND and REPLACE but the mailbox name and CATENATE URLs.
  bool IsMessageLiteral(std::string_view line, std::size_t start) const;
  FeedResult Reject(ErrorCode code, std::string text, std::size_t consumed,
                    std::uint64_t discard_literal, bool discard_sync);
  void Reset();
  // The part of a first line the tag is read from (see OnLine).
  std::string_view TagPrefix(std::string_view line) const;

  ParseContext context_;
  State state_ = State::kLine;
  std::string line_;  // the current line so far (kLine), or its last octets (kDiscardLine)
  RawCommand command_;
  std::size_t lines_seen_ = 0;
  std::string tag_;   // from the first line, when valid
  std::string name_;  // upper-case command name from the first line
  LiteralRequest pending_;
  std::uint64_t remaining_ = 0;  // literal octets still to buffer or discard
  bool raw_line_ = false;
  bool delivering_raw_ = false;
};

}  // namespace tern::imap::grammar
