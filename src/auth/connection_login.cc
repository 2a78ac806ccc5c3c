#include "auth/connection_login.h"

namespace tern::auth {

bool PlaintextAllowed(const net::Connection& conn, int plaintext_min_cipher) {
  return plaintext_min_cipher <= 0 || conn.CipherBits() >= plaintext_min_cipher;
}

sasl::MechanismContext MechanismContextFor(const net::Connection& conn, int plaintext_min_cipher) {
  sasl::MechanismContext mc;
  mc.allow_plaintext = PlaintextAllowed(conn, plaintext_min_cipher);
  if (auto cert = conn.PeerCertificateInfo(); cert && cert->verified) {
    mc.external_identity = cert->subject_email;
  }
  return mc;
}

}  // namespace tern::auth
