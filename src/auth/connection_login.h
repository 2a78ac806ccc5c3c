#pragma once
// What a connection allows at login, the same for every protocol: whether a plain-text
// password may be sent (plaintextmincipher, DESIGN's security model) and which SASL
// mechanisms to offer (EXTERNAL only with a verified client certificate).

#include "auth/sasl/factory.h"
#include "net/connection.h"

namespace tern::auth {

// True when `plaintext_min_cipher` is 0 or the connection's TLS cipher is that strong.
bool PlaintextAllowed(const net::Connection& conn, int plaintext_min_cipher);

// The mechanism context for `conn`: plain-text mechanisms per PlaintextAllowed, EXTERNAL
// with a client certificate that chains to tls.clientca (its subject's emailAddress
// names the account).
sasl::MechanismContext MechanismContextFor(const net::Connection& conn, int plaintext_min_cipher);

}  // namespace tern::auth
