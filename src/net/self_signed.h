#pragma once
// A self-signed server certificate, for `tern config init` and tests: TLS works out of
// the box, and the administrator replaces it with a CA-issued one later.

#include <filesystem>
#include <string_view>

#include "base/result.h"

namespace tern::net {

// Writes a new EC P-256 key to `key` (PEM PKCS#8, mode 0600) and a self-signed X.509 v3
// certificate for `hostname` to `cert` (PEM, mode 0644): CN and the first subjectAltName
// are the host name (an IP address gets an iPAddress SAN); "localhost", 127.0.0.1 and ::1
// are subjectAltNames too, so local clients can verify it. The serial is random, it is valid
// from an hour ago (clock skew) for `days` days, for server authentication only.
// Each file is written to a temporary file in the same directory, synced and renamed
// into place, so a reader sees the old file or the new one, never half of one.
// Errors: kInvalidArgument for an empty or malformed host name or days < 1; kIo when a
// file cannot be written (the text names it); kInternal when OpenSSL fails.
Status GenerateSelfSignedCertificate(const std::filesystem::path& cert,
                                     const std::filesystem::path& key, std::string_view hostname,
                                     int days = 3650);

}  // namespace tern::net
