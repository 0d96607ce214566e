// Empties the local Appwrite between tests without restarting it: every row, user, session, token, message, file
// and execution goes; databases, tables, columns, indexes, buckets, functions and console logins stay.
import type { AppwriteDeps } from "./context";

// Tables that hold configuration rather than data.
const KEEP = new Set(["_tdb_databases", "_tdb_tables", "_tdb_columns", "_tdb_indexes", "_storage_buckets", "_fn_functions", "_auth_console_accounts", "_auth_console_sessions", "_auth_mock_numbers", "sqlite_sequence"]);

export function resetAppwriteData(deps: AppwriteDeps): void {
  const names = deps.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((r) => r.name)
    .filter((n) => !KEEP.has(n));
  deps.db.transaction(() => {
    for (const n of names) deps.db.prepare(`DELETE FROM "${n}"`).run();
  })();
}
