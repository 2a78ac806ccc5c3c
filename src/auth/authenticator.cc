#include "auth/authenticator.h"

#include "auth/apop.h"
#include "base/run_on_pool.h"

namespace tern::auth {

namespace {
Error AuthFailed() { return Error(ErrorCode::kAuthFailed, "authentication failed"); }
}  // namespace

Authenticator::Authenticator(Directory& directory, CredentialCache& cache,
                             boost::asio::thread_pool& pool, log::Logger logger)
    : directory_(directory), cache_(cache), pool_(pool), log_(std::move(logger)) {
  dummy_hash_ = HashPassword("tern-dummy-password", Argon2Params{}).value_or("");
}

store::Task<store::Account> Authenticator::Login(std::string name, std::string password,
                                                 store::ServiceBit service) {
  auto account = co_await directory_.Lookup(name);
  if (!account && account.error().code != ErrorCode::kNotFound) {
    log_.Problem("login of {}: directory failed: {}", name, account.error().ToLogString());
    co_return Fail(ErrorCode::kUnavailable, "temporary failure, try again later");
  }
  std::string stored = account ? account->password_hash : dummy_hash_;
  bool ok = account && cache_.Contains(account->name, password, stored);
  if (!ok) {
    auto verified = co_await RunOnPool(
        pool_.get_executor(), [&]() -> Result<bool> { return VerifyPassword(password, stored); });
    ok = verified && *verified && account.has_value();
    if (ok) cache_.Insert(account->name, password, stored);
  }
  if (!ok) {
    log_.Problem("login of {} failed: {}", name, !account ? "no such account" : "wrong password");
    co_return Fail(AuthFailed());
  }
  co_return Authorize(std::move(*account), service);
}

store::Task<store::Account> Authenticator::LoginApop(std::string name, std::string timestamp,
                                                     std::string digest, const SecretBox& box,
                                                     store::ServiceBit service) {
  auto account = co_await directory_.Lookup(name);
  if (!account && account.error().code != ErrorCode::kNotFound) {
    log_.Problem("APOP of {}: directory failed: {}", name, account.error().ToLogString());
    co_return Fail(ErrorCode::kUnavailable, "temporary failure, try again later");
  }
  std::string_view why;
  if (!account) {
    why = "no such account";
  } else if (account->apop_secret.empty()) {
    why = "no APOP secret (set the password again while service.pop.enableapop is on)";
  } else if (auto password = box.Open(account->apop_secret); !password) {
    why = "APOP secret sealed under another key";
  } else if (!ApopDigestMatches(timestamp, *password, digest)) {
    why = "wrong digest";
  }
  if (!why.empty()) {
    log_.Problem("APOP of {} failed: {}", name, why);
    co_return Fail(AuthFailed());
  }
  co_return Authorize(std::move(*account), service);
}

Result<store::Account> Authenticator::Authorize(store::Account account,
                                                store::ServiceBit service) const {
  if (!account.enabled) {
    log_.Problem("login of {} failed: account disabled", account.name);
    return Fail(AuthFailed());
  }
  if ((account.services & service) == 0) {
    log_.Problem("login of {} refused: service not allowed for the account", account.name);
    return Fail(ErrorCode::kPermissionDenied, "this account may not use this service");
  }
  return account;
}

}  // namespace tern::auth
