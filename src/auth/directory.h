#pragma once
// The account directory: where accounts are looked up. Behind an interface so that an
// LDAP or SQL directory can be added beside the embedded one.

#include <string>

#include "store/store.h"

namespace tern::auth {

class Directory {
 public:
  virtual ~Directory() = default;
  // The account named `name` (case-insensitive). kNotFound if none.
  virtual store::Task<store::Account> Lookup(std::string name) = 0;
  // The account a mail address delivers to: the account named by the whole address,
  // else by its local part (an MTA in front of LMTP has already decided the domain is
  // ours). kNotFound if none.
  virtual store::Task<store::Account> FindRecipient(std::string address) = 0;
};

// The embedded directory: accounts live in the mailbox store.
class StoreDirectory final : public Directory {
 public:
  explicit StoreDirectory(store::Store& store) : store_(store) {}
  store::Task<store::Account> Lookup(std::string name) override;
  store::Task<store::Account> FindRecipient(std::string address) override;

 private:
  store::Store& store_;
};

}  // namespace tern::auth
