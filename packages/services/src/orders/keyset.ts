// Pages of orders by placed_at, for the customer's history, the kitchen queue and the admin search. The cursor is the
// last row's (placed_at, id) — catalog/cursor.ts's opaque form — and the next page is a keyset query strictly after
// it: orders placed meanwhile never shift a page, and a cursor names no row the server would have to look up (a
// database cursor would, and would tell a caller whether someone else's order id exists).
import { Query } from "node-appwrite";
import type { Deps } from "../deps";
import { decodeCursor, encodeCursor } from "../catalog/cursor";
import type { OrderRow } from "./transition";

export type PlacedOrder = "newest" | "oldest";

export interface OrderPage {
  rows: OrderRow[];
  nextCursor: string | null;
}

/**
 * One page of orders matching `filters`, sorted by placed_at then id in `order`. `list` names the listing the
 * cursor belongs to (with the sort), so a cursor from one list is refused (400) by another.
 */
export async function pageOrders(deps: Deps, filters: readonly string[], opts: { list: string; order: PlacedOrder; limit: number; cursor?: string | undefined }): Promise<OrderPage> {
  const sort = `orders.${opts.list}.${opts.order}`;
  const newest = opts.order === "newest";
  const queries = [...filters, newest ? Query.orderDesc("placed_at") : Query.orderAsc("placed_at"), newest ? Query.orderDesc("$id") : Query.orderAsc("$id")];
  if (opts.cursor) {
    const after = decodeCursor(opts.cursor, sort);
    const at = new Date(after.key[0] ?? 0).toISOString();
    const beyond = newest ? Query.lessThan : Query.greaterThan;
    queries.push(Query.or([beyond("placed_at", at), Query.and([Query.equal("placed_at", at), beyond("$id", after.id)])]));
  }
  const page = await deps.db.orders.list(queries, { limit: opts.limit });
  const last = page.rows[page.rows.length - 1];
  return { rows: page.rows, nextCursor: page.nextCursor && last ? encodeCursor(sort, [Date.parse(last.placed_at)], last.$id) : null };
}

/** Rows of a table by id, 100 ids per query: what a page of orders refers to, loaded once for the page. */
export async function rowsById<R extends { $id: string }>(
  list: (queries: string[], page: { limit: number }) => Promise<{ rows: R[] }>,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, R>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && id.length > 0))];
  const out = new Map<string, R>();
  for (let i = 0; i < wanted.length; i += 100) {
    const chunk = wanted.slice(i, i + 100);
    for (const row of (await list([Query.equal("$id", chunk)], { limit: chunk.length })).rows) out.set(row.$id, row);
  }
  return out;
}
