#pragma once
// Schema migrations: numbered SQL scripts (src/store/schema/sqlite/NNNN_name.sql,
// embedded at build time) applied in order, each recorded in `schema_version`.

#include <span>
#include <string_view>

#include "base/result.h"
#include "store/sqlite/connection.h"

namespace tern::store::sqlite {

struct Migration {
  int version;            // 1, 2, 3 … without gaps
  std::string_view name;  // "initial"
  std::string_view sql;
};

// The migrations built into this binary, ascending (generated: sqlite_schema.cc).
std::span<const Migration> SqliteMigrations();

// Brings the database to the newest of `migrations` in one IMMEDIATE transaction (so
// two processes opening a fresh database at once do not both migrate) and returns the
// resulting version. Fails with kUnavailable, changing nothing, when the database
// records a version newer than the newest known: it was written by a newer Tern.
Result<int> Migrate(Connection& db, std::span<const Migration> migrations);

}  // namespace tern::store::sqlite
