#pragma once
// Counts off the octets of one BDAT chunk (RFC 3030 2: "BDAT <chunk-size> ... the
// chunk-size octets of message data immediately follow"). BDAT data is raw: no
// dot-stuffing, no terminator, no line-end changes (that is the point of BINARYMIME), so
// this only splits the session's input into "this chunk" and "what follows".
//
// Not thread-safe; one reader per BDAT command.

#include <cstdint>
#include <string_view>

namespace tern::smtp::grammar {

class BdatReader {
 public:
  explicit BdatReader(std::uint64_t chunk_size) : remaining_(chunk_size) {}

  // Takes the chunk's next octets from the front of `input` (all of it, or up to the end
  // of the chunk) and returns them; the returned view points into `input`. Octets after
  // the chunk are left in `input` for the next command.
  std::string_view Take(std::string_view& input);

  std::uint64_t remaining() const { return remaining_; }
  bool IsComplete() const { return remaining_ == 0; }

 private:
  std::uint64_t remaining_;
};

}  // namespace tern::smtp::grammar
