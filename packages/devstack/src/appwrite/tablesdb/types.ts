// Shapes shared by the TablesDB files: what the catalog stores about databases, tables, columns and indexes.

/** Stored column types (utopia-php/database VAR_*); `float` columns are stored as `double`, `line` as `linestring`. */
export type ColumnType =
  | "string"
  | "varchar"
  | "text"
  | "mediumtext"
  | "longtext"
  | "integer"
  | "bigint"
  | "double"
  | "boolean"
  | "datetime"
  | "point"
  | "linestring"
  | "polygon";

export type ColumnFormat = "" | "email" | "url" | "ip" | "enum" | "datetime";

export interface ColumnSpec {
  key: string;
  type: ColumnType;
  format: ColumnFormat;
  required: boolean;
  array: boolean;
  /** Max length for string-like columns. */
  size?: number;
  min?: number;
  max?: number;
  elements?: string[];
  encrypt?: boolean;
  /** Already validated and normalised (datetimes as Appwrite ISO). */
  default: unknown;
  createdAt: string;
  updatedAt: string;
}

export type IndexType = "key" | "unique" | "fulltext" | "spatial";

export interface IndexSpec {
  key: string;
  type: IndexType;
  columns: string[];
  orders: string[];
  lengths: number[];
  createdAt: string;
  updatedAt: string;
}

export interface DatabaseMeta {
  seq: number;
  id: string;
  name: string;
  enabled: boolean;
  type: string;
  createdAt: string;
  updatedAt: string;
}

export interface TableMeta {
  seq: number;
  databaseId: string;
  id: string;
  name: string;
  enabled: boolean;
  rowSecurity: boolean;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
  /** Quoted SQLite names of the row table and its permission side table. */
  rowsTable: string;
  permsTable: string;
}

/** Which dialect a request came in: `/v1/tablesdb` or the legacy `/v1/databases` (collections/documents/attributes). */
export interface Api {
  legacy: boolean;
  /** `x-appwrite-response-format` below 1.9.0 → `$sequence` as an int (the CLI sends 1.8.0). */
  sequenceAsInt: boolean;
}
