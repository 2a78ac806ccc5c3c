#pragma once
// Compact, versioned binary form of a MessageStructure, cached by the store per message
// so FETCH BODYSTRUCTURE/ENVELOPE/BODY[section] never re-parse the message.
//
// Layout (version 1): "TMS" 0x01, then the structure as LEB128 varints and
// length-prefixed strings in a fixed field order (see structure_codec.cc). A new field
// means a new version; DeserializeStructure rejects versions it does not know, and the
// store then re-parses the message from its blob.

#include <string>
#include <string_view>

#include "base/result.h"
#include "mail/structure.h"

namespace tern::mail {

inline constexpr unsigned char kStructureCodecVersion = 1;

// Encodes `structure`. Deterministic: equal structures give equal bytes.
std::string SerializeStructure(const MessageStructure& structure);

// Decodes a blob made by SerializeStructure. Any truncated, corrupt or hostile input
// returns ErrorCode::kCorrupt (an unknown version too); it never crashes, never reads
// out of bounds and never allocates more than a small multiple of the input size.
Result<MessageStructure> DeserializeStructure(std::string_view blob);

}  // namespace tern::mail
