// The TablesDB module of the local Appwrite: `/v1/tablesdb/...` and the legacy `/v1/databases/...` routes over
// SQLite (catalog in `_tdb_*`, one real table per Appwrite table). Registered in ../index.ts MODULES.
import { isoDate } from "../context";
import type { AppwriteModule } from "../server";
import { resolveTable } from "./access";
import { Catalog } from "./catalog";
import type { TablesDb } from "./context";
import { LEGACY, TABLESDB } from "./http";
import { RowStore } from "./rows";
import { columnRoutes } from "./routes/columns";
import { databaseRoutes } from "./routes/databases";
import { indexRoutes } from "./routes/indexes";
import { rowRoutes } from "./routes/rows";
import { tableRoutes } from "./routes/tables";
import { transactionRoutes } from "./routes/transactions";
import { RowService } from "./service";
import { registerSqlFunctions } from "./sqlfunctions";
import { Transactions } from "./transactions";

export const tablesDbModule: AppwriteModule = (app, deps) => {
  registerSqlFunctions(deps.db);
  const catalog = new Catalog(deps.db);
  const store = new RowStore(deps.db, () => isoDate(deps.now()), deps.now);
  const rows = new RowService(deps, catalog, store);
  const tx = new Transactions(deps, rows, (ctx, databaseId, tableId) => resolveTable(catalog, ctx.caller, databaseId, tableId));
  const s: TablesDb = { deps, catalog, rows, tx };
  for (const dialect of [TABLESDB, LEGACY]) {
    // Transactions first: `/transactions` would otherwise be taken for a database id.
    transactionRoutes(app, dialect, s);
    databaseRoutes(app, dialect, s);
    tableRoutes(app, dialect, s);
    columnRoutes(app, dialect, s);
    indexRoutes(app, dialect, s);
    rowRoutes(app, dialect, s);
  }
};
