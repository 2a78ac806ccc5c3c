#pragma once
// Flag names of STORE and APPEND -> what the store keeps (RFC 9051 2.3.2): system flags
// as bits, keywords as strings. Also the UID sets of COPYUID and APPENDUID.

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/types.h"

namespace tern::imap::session {

struct StoredFlags {
  uint32_t flags = 0;  // store::FlagBit
  std::vector<std::string> keywords;
};

// \Recent is accepted and ignored (RFC 3501 2.3.2: it cannot be changed by the client).
// Fails with kInvalidArgument for an unknown system flag ("\Foo").
Result<StoredFlags> ToStoredFlags(const std::vector<std::string>& names);

// "1:3,7,9:10" for ascending UIDs (RFC 4315 uid-set).
std::string FormatUidSet(const std::vector<store::Uid>& ascending);

}  // namespace tern::imap::session
