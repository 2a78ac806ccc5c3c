#include "smtp/grammar/bdat_reader.h"

namespace tern::smtp::grammar {

std::string_view BdatReader::Take(std::string_view& input) {
  std::size_t n = input.size();
  if (remaining_ < n) n = static_cast<std::size_t>(remaining_);
  std::string_view chunk = input.substr(0, n);
  input.remove_prefix(n);
  remaining_ -= n;
  return chunk;
}

}  // namespace tern::smtp::grammar
