// @chizze/schema: the Appwrite database `chizze` as TypeScript (tables, columns, indexes, permissions,
// buckets), the zod schemas of its rows, and the appwrite.json generator.
import type { DataOf, PatchOf, RowOf } from "./dsl";
import type { T, TableId } from "./registry";

export * from "./registry";
export { ORDER_NUMBER_PATTERN } from "./tables/orders";
export { LEDGER_ACCOUNT_PATTERN } from "./tables/ledger_entries";
export { COUPON_CODE_PATTERN } from "./tables/coupons";

export * from "./enums";
export * from "./documents";
export { amountColumns, AMOUNT_COLUMN_KEYS } from "./columns";
export { ADMIN_READ, PUBLIC_READ, rowPermissions } from "./access";
export { buckets, BUCKET_IDS, archivesBucket, invoicesBucket, exportsBucket, menuImagesBucket } from "./buckets";
export { buildAppwriteConfig, serializeAppwriteConfig, FUNCTION_CONFIG_KEYS, PROJECT_ID, PROJECT_NAME } from "./appwrite-config";
export type { AppwriteConfig, AppwriteFunctionConfig, AppwriteTableConfig, AppwriteColumnConfig, AppwriteIndexConfig } from "./appwrite-config";
export { rowWidth, indexLength, columnWidth, MAX_ROW_WIDTH_BYTES, MAX_INDEX_LENGTH } from "./limits";

// The DSL: builders for new tables and the types every consumer needs.
export {
  APPWRITE_ID,
  boolean,
  datetime,
  defineBucket,
  defineTable,
  desc,
  double,
  email,
  enumArray,
  enumeration,
  id,
  idx,
  integer,
  json,
  latitude,
  longitude,
  paise,
  permission,
  point,
  polygon,
  role,
  string,
  stringArray,
  url,
} from "./dsl";
export type { BucketDef, Column, ColumnSpec, DataOf, IndexSpec, PatchOf, RowOf, RowShape, Table, TableDef, WriteShape, PatchShape } from "./dsl";

/** A stored row of table `K`, e.g. `Row<"orders">`. */
export type Row<K extends TableId> = RowOf<(typeof T)[K]>;
/** A create payload for table `K`. */
export type RowData<K extends TableId> = DataOf<(typeof T)[K]>;
/** An update payload for table `K`. */
export type RowPatch<K extends TableId> = PatchOf<(typeof T)[K]>;
