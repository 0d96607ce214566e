// The TablesDB module's shared services, built once per running emulator and handed to every route file.
import type { AppwriteDeps } from "../context";
import type { Catalog } from "./catalog";
import type { RowService } from "./service";
import type { Transactions } from "./transactions";

export interface TablesDb {
  deps: AppwriteDeps;
  catalog: Catalog;
  rows: RowService;
  tx: Transactions;
}
