#pragma once
// Password logins for every protocol: looks the account up, verifies the password
// (through the credential cache, Argon2id on the worker pool otherwise), and checks that
// the account is enabled and may use the service. Thread-safe.

#include <boost/asio/thread_pool.hpp>
#include <string>

#include "auth/credential_cache.h"
#include "auth/directory.h"
#include "auth/password.h"
#include "auth/secret_box.h"
#include "base/log.h"

namespace tern::auth {

class Authenticator {
 public:
  Authenticator(Directory& directory, CredentialCache& cache, boost::asio::thread_pool& pool,
                log::Logger logger);

  // On success the account. Errors: kAuthFailed for an unknown account, a wrong password
  // or a disabled account (one text for all: no oracle); kPermissionDenied when the
  // credentials are right but the account may not use `service`; kUnavailable when the
  // store fails.
  store::Task<store::Account> Login(std::string name, std::string password,
                                    store::ServiceBit service);

  // APOP (RFC 1939 section 7): `digest` must be the MD5 of `timestamp` (the one this
  // session's greeting sent) and the password that `box` unseals from the account. An
  // account without a sealed password fails like a wrong digest. Errors as Login's.
  store::Task<store::Account> LoginApop(std::string name, std::string timestamp, std::string digest,
                                        const SecretBox& box, store::ServiceBit service);

  // For logins whose credentials a SASL mechanism verified itself (SCRAM, EXTERNAL):
  // the account if it is enabled and may use `service`. Errors as Login's.
  Result<store::Account> Authorize(store::Account account, store::ServiceBit service) const;

 private:
  Directory& directory_;
  CredentialCache& cache_;
  boost::asio::thread_pool& pool_;
  log::Logger log_;
  std::string dummy_hash_;  // verified against for unknown accounts, to even out timing
};

}  // namespace tern::auth
