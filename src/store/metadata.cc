#include "store/metadata.h"

namespace tern::store {

bool IsValidMetadataName(std::string_view name) {
  const std::string_view rest = name.starts_with("/private/")  ? name.substr(9)
                                : name.starts_with("/shared/") ? name.substr(8)
                                                               : std::string_view();
  if (rest.empty()) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool IsInMetadataScope(std::string_view root, std::string_view name, MetadataDepth depth) {
  if (name == root) return true;
  if (depth == MetadataDepth::kZero || name.size() <= root.size() + 1 ||
      !name.starts_with(root) || name[root.size()] != '/') {
    return false;
  }
  return depth == MetadataDepth::kInfinity ||
         name.find('/', root.size() + 1) == std::string_view::npos;
}

}  // namespace tern::store
