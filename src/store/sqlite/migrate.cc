#include "store/sqlite/migrate.h"

#include <fmt/format.h>

#include <ctime>

namespace tern::store::sqlite {

Result<int> Migrate(Connection& db, std::span<const Migration> migrations) {
  int latest = 0;
  for (const auto& m : migrations) {
    if (m.version != latest + 1) {
      return Fail(ErrorCode::kInternal, "internal error",
                  fmt::format("migration {} ({}) out of sequence", m.version, m.name));
    }
    latest = m.version;
  }

  auto txn = Transaction::Begin(db, "BEGIN IMMEDIATE");
  if (!txn) return Fail(std::move(txn).error());
  TERN_TRY(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version ("
              " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)"));
  int current = 0;
  {
    auto q = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!q) return Fail(std::move(q).error());
    TERN_TRY(q->Step());
    current = static_cast<int>(q->Int(0));
  }
  if (current > latest) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("the mailbox database has schema version {} but this tern "
                            "binary knows only up to {}; run a newer tern",
                            current, latest));
  }
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    auto st = db.Exec(m.sql);
    if (!st) {
      Error e = std::move(st).error();
      e.detail = fmt::format("migration {} ({}): {}", m.version, m.name, e.detail);
      return Fail(std::move(e));
    }
    auto ins = db.Prepare("INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)");
    if (!ins) return Fail(std::move(ins).error());
    ins->Bind(1, int64_t{m.version}).Bind(2, m.name).Bind(3, int64_t{std::time(nullptr)});
    TERN_TRY(ins->Run());
  }
  TERN_TRY(txn->Commit());
  return latest;
}

}  // namespace tern::store::sqlite
