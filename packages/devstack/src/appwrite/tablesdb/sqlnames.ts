// SQLite identifiers for the per-table storage. Appwrite keys may hold `.` and `-`, so every name is quoted;
// row tables are named by the table's internal sequence so ids never collide after joining.

export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const rowsTableName = (tableSeq: number): string => quote(`r_${tableSeq}`);
export const permsTableName = (tableSeq: number): string => quote(`p_${tableSeq}`);
export const indexName = (tableSeq: number, key: string): string => quote(`i_${tableSeq}_${key}`);

/** The SQLite column holding an Appwrite column (prefixed so it can never clash with `_seq`, `_id`…). */
export const columnName = (key: string): string => quote(`c_${key}`);

/** Reserved `$` attributes and the system columns that store them. */
export const SYSTEM_COLUMNS: Readonly<Record<string, string>> = {
  $id: "_id",
  $sequence: "_seq",
  $createdAt: "_createdAt",
  $updatedAt: "_updatedAt",
};
