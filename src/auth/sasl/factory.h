#pragma once
// Choosing a SASL mechanism by name, and the list a session advertises.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

// What the session knows about the connection that decides which mechanisms it offers.
struct MechanismContext {
  // The identity of a verified TLS client certificate; EXTERNAL is offered only with one.
  std::optional<std::string> external_identity;
  // ANONYMOUS is offered only where enabled (DESIGN: read-only anonymous access).
  bool allow_anonymous = false;
  // PLAIN and LOGIN send the password itself: false when the connection is below the
  // service's plaintextmincipher (IMAP then also advertises LOGINDISABLED).
  bool allow_plaintext = true;
};

struct MechanismInfo {
  std::string_view name;    // IANA name, upper case
  bool plaintext_password;  // PLAIN, LOGIN
};

// Every mechanism tern_sasl implements, in the order a session should advertise them
// (strongest first). The span refers to static storage.
std::span<const MechanismInfo> KnownMechanisms();

// The entry for `name` (case-insensitive), nullptr if tern_sasl does not implement it: lets
// a session tell "unknown mechanism" (SMTP 504) from "not offered here" (534/538).
const MechanismInfo* FindMechanism(std::string_view name);

// The names MakeMechanism accepts under `context`, in KnownMechanisms order: what a
// session lists in CAPA SASL / CAPABILITY AUTH= / EHLO AUTH. The views are static.
std::vector<std::string_view> AvailableMechanisms(const MechanismContext& context);

// A fresh mechanism for one exchange; `name` is case-insensitive (RFC 4422 section 3.1
// names are upper case, clients are not always). nullptr if the name is unknown or the
// mechanism is not available under `context` (see AvailableMechanisms).
std::unique_ptr<ServerMechanism> MakeMechanism(std::string_view name,
                                               const MechanismContext& context);

}  // namespace tern::auth::sasl
