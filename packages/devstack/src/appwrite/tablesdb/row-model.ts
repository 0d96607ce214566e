// A stored row as the API returns it (wire spec §2.3): `$` attributes, then every column (unset = null/default).
// Legacy routes say `$collectionId`; `$sequence` is an int for response formats below 1.9.0 (the CLI sends 1.8.0).
import type { Api, TableMeta } from "./types";
import { decodeValue } from "./values";

/** A row read from its SQLite table: system columns plus `c_<key>` columns. */
export type StoredRow = Record<string, unknown> & {
  _seq: number;
  _id: string;
  _createdAt: string;
  _updatedAt: string;
  _permissions: string;
  _version: number;
};

/** Column values of a stored row, decoded. */
export function rowData(t: TableMeta, row: StoredRow): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const col of t.columns) data[col.key] = decodeValue(col, row[`c_${col.key}`]);
  return data;
}

export function rowJson(t: TableMeta, row: StoredRow, api: Api, select?: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    $id: row._id,
    $sequence: api.sequenceAsInt ? row._seq : String(row._seq),
    [api.legacy ? "$collectionId" : "$tableId"]: t.id,
    $databaseId: t.databaseId,
    $createdAt: row._createdAt,
    $updatedAt: row._updatedAt,
    $permissions: JSON.parse(row._permissions) as string[],
  };
  for (const col of t.columns) {
    if (select && !select.has(col.key)) continue;
    out[col.key] = decodeValue(col, row[`c_${col.key}`]);
  }
  return out;
}
