#include "auth/directory.h"

namespace tern::auth {

store::Task<store::Account> StoreDirectory::Lookup(std::string name) {
  co_return co_await store_.GetAccount(std::move(name));
}

store::Task<store::Account> StoreDirectory::FindRecipient(std::string address) {
  auto whole = co_await store_.GetAccount(address);
  if (whole || whole.error().code != ErrorCode::kNotFound) co_return whole;
  size_t at = address.rfind('@');
  if (at == std::string::npos || at == 0) co_return whole;
  co_return co_await store_.GetAccount(address.substr(0, at));
}

}  // namespace tern::auth
