#pragma once
// One complete command as CommandReader assembles it and ParseCommand reads it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tern::imap::grammar {

// A literal of a RawCommand. Its announcement ("{n}", "{n+}", "~{n}", "~{n+}") stays in
// RawCommand::text, followed by CRLF; `offset` is where its data starts in text.
struct RawLiteral {
  std::size_t offset = 0;
  std::uint64_t size = 0;
  bool synchronizing = true;
  bool binary = false;  // literal8 "~{n}" (RFC 3516, RFC 9051 literal8)
  // Set when the session streamed the data itself (CommandReader::StreamLiteral): text
  // then holds no data for this literal and the handle stands in for it.
  std::optional<std::uint64_t> stream_handle;
};

struct RawCommand {
  // The command's lines joined with "\r\n" (bare LF line ends are normalised to CRLF;
  // the final line end is not included), with buffered literal data in place.
  std::string text;
  std::vector<RawLiteral> literals;  // in order of offset
};

}  // namespace tern::imap::grammar
