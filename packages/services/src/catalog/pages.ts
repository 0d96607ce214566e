// Bounded "all rows matching" reads for the catalog: page through with the repository's cursor, never past `max`
// rows (a bounded loop; hitting the bound is logged by the caller's data, not silently treated as complete).
import { Query, type TablesDB } from "node-appwrite";
import { DATABASE_ID, type Table } from "@chizze/schema";
import type { z } from "zod";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Repo } from "@chizze/platform/appwrite/tables";
import { MAX_PAGE_SIZE } from "@chizze/platform/appwrite/tables";
import type { RowOf } from "@chizze/schema";

export async function listAll<Tb extends Table>(repo: Repo<Tb>, queries: string[], max: number): Promise<RowOf<Tb>[]> {
  const out: RowOf<Tb>[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < Math.ceil(max / MAX_PAGE_SIZE); pages++) {
    const page = await repo.list(queries, { limit: Math.min(MAX_PAGE_SIZE, max - out.length), cursor });
    out.push(...page.rows);
    cursor = page.nextCursor;
    if (!cursor || out.length >= max) break;
  }
  return out;
}

/**
 * Rows with only the `select`ed columns, parsed with `shape` (the table's row schema picked to those columns):
 * the repository parses whole rows, and the hot browse paths read a few columns of hundreds of rows.
 * Pages of `pageSize` (Appwrite accepts up to 5,000 per list), at most `max` rows. Drift policy as in the repositories.
 */
export async function listSelected<S extends z.ZodType>(
  tablesDB: TablesDB,
  table: Table,
  shape: S,
  queries: string[],
  select: readonly string[],
  opts: { max: number; pageSize?: number; strict: boolean; onDrift?: (rowId: string) => void },
): Promise<z.output<S>[]> {
  const pageSize = Math.min(opts.pageSize ?? 500, opts.max);
  const out: z.output<S>[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < Math.ceil(opts.max / pageSize); pages++) {
    const q: string[] = [...queries, Query.select([...select]), Query.limit(pageSize), ...(cursor ? [Query.cursorAfter(cursor)] : [])];
    const res: { rows: { $id: string }[] } = await appwriteCall(`list ${table.id}`, () => tablesDB.listRows({ databaseId: DATABASE_ID, tableId: table.id, queries: q, total: false }));
    for (const raw of res.rows) {
      const parsed = shape.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      // Same policy as the repositories: drift fails loudly outside production; in production the odd row is
      // skipped and reported, so one bad row cannot take the list down.
      else if (opts.strict) throw new Error(`Row ${raw.$id} of ${table.id} does not match its schema: ${parsed.error.message}`);
      else opts.onDrift?.(raw.$id);
    }
    const last: { $id: string } | undefined = res.rows[res.rows.length - 1];
    if (res.rows.length < pageSize || !last || out.length >= opts.max) break;
    cursor = last.$id;
  }
  return out;
}
