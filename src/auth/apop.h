#pragma once
// The APOP digest (RFC 1939 section 7): the lower-case hex MD5 of the greeting's
// timestamp followed by the shared secret. MD5 is what the protocol defines; APOP is off
// unless the administrator enables it. Pure, thread-safe.

#include <string>
#include <string_view>

namespace tern::auth {

// e.g. ApopDigest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf") ==
//      "c4c9334bac560ecc979e58001b3e22fb"
std::string ApopDigest(std::string_view timestamp, std::string_view secret);

// Compares `given` (hex, either case, as the client sent it) with the expected digest
// in time independent of where they differ.
bool ApopDigestMatches(std::string_view timestamp, std::string_view secret, std::string_view given);

}  // namespace tern::auth
