// Row event names and realtime channels (wire spec §7.1, §8), as pure functions.
// Appwrite emits every id/`*` combination at each level (with action, without action, each ancestor), mirrors
// tables/rows ↔ collections/documents, and adds `tablesdb.`-prefixed names only when database context is passed
// (Realtime). Functions get the names generated without context: legacy `databases.DB.collections…` first.

export type RowAction = "create" | "update" | "upsert" | "delete";

export interface RowRef {
  databaseId: string;
  tableId: string;
  rowId: string;
}

/** All 2^n replacements of the ids by `*`, the all-concrete one first and the all-`*` one second (as Appwrite). */
function combos(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  const n = ids.length;
  const masks = [0, (1 << n) - 1];
  for (let m = 1; m < (1 << n) - 1; m++) masks.push(m);
  for (const mask of masks) out.push(ids.map((id, i) => ((mask >> i) & 1 ? "*" : id)));
  return out;
}

type Form = (db: string, t: string, r?: string, action?: string) => string;

const withTail = (base: string, r?: string, action?: string): string => base + (r !== undefined ? `.${r}` : "") + (action !== undefined ? `.${action}` : "");

const TABLES: Form = (db, t, r, a) => withTail(`databases.${db}.tables.${t}${r !== undefined ? ".rows" : ""}`, r, a);
const COLLECTIONS: Form = (db, t, r, a) => withTail(`databases.${db}.collections.${t}${r !== undefined ? ".documents" : ""}`, r, a);
const TABLESDB: Form = (db, t, r, a) => withTail(`tablesdb.${db}.tables.${t}${r !== undefined ? ".rows" : ""}`, r, a);

function generate(ref: RowRef, action: RowAction, forms: readonly Form[], dbPrefixes: readonly string[]): string[] {
  const out: string[] = [];
  const push = (e: string): void => {
    if (!out.includes(e)) out.push(e);
  };
  // Levels, most specific first: row + action, row, table ancestor, database ancestor.
  for (const [db, t, r] of combos([ref.databaseId, ref.tableId, ref.rowId])) for (const f of forms) push(f(db as string, t as string, r, action));
  for (const [db, t, r] of combos([ref.databaseId, ref.tableId, ref.rowId])) for (const f of forms) push(f(db as string, t as string, r));
  for (const [db, t] of combos([ref.databaseId, ref.tableId])) for (const f of forms) push(f(db as string, t as string));
  for (const [db] of combos([ref.databaseId])) for (const p of dbPrefixes) push(`${p}.${db as string}`);
  return out;
}

/** Names matched against a function's `events[]` (no database context): 42 names, legacy form first. */
export function functionEventNames(ref: RowRef, action: RowAction): string[] {
  return generate(ref, action, [COLLECTIONS, TABLES], ["databases"]);
}

/** Names sent to Realtime (database context, type tablesdb): 64 names, `tablesdb.` form first. */
export function realtimeEventNames(ref: RowRef, action: RowAction): string[] {
  return generate(ref, action, [TABLESDB, COLLECTIONS, TABLES], ["tablesdb", "databases"]);
}

/** Realtime channels of a row event, each also with an action-suffixed copy. */
export function rowChannels(ref: RowRef, action: RowAction): string[] {
  const { databaseId: db, tableId: t, rowId: r } = ref;
  const base = [
    "documents",
    `databases.${db}.collections.${t}.documents`,
    `databases.${db}.collections.${t}.documents.${r}`,
    "rows",
    `databases.${db}.tables.${t}.rows`,
    `databases.${db}.tables.${t}.rows.${r}`,
    `tablesdb.${db}.tables.${t}.rows`,
    `tablesdb.${db}.tables.${t}.rows.${r}`,
  ];
  return [...base, ...base.map((c) => `${c}.${action}`)];
}

/** A function subscribed to `pattern` fires for this event (exact equality with a generated name). */
export function matchesEvent(pattern: string, names: readonly string[]): boolean {
  return names.includes(pattern);
}
