// Reading what goes into an archive: the next batch of archivable orders, and for each its order_events, payments
// and refunds rows — raw, as Appwrite returns them, so the file holds the rows exactly and a restore writes them
// back unchanged.
import { Query, type TablesDB } from "node-appwrite";
import { z } from "zod";
import { ORDER_TRANSITIONS } from "@chizze/core";
import { DATABASE_ID, T } from "@chizze/schema";
import { ORDER_STATUSES } from "@chizze/schema/enums";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";
import { archivedRow, type ArchivedRecord, type ArchivedRow } from "./codec";

/** Rows per list call, and ids per `equal` query: Appwrite's default cap on query values is 100. */
const PAGE = 100;

/** What the order machine lets the `archive` event start from (delivered, rejected, cancelled, …): finished orders. */
export const ARCHIVABLE_STATUSES = ORDER_TRANSITIONS.find((e) => e.event === "archive")?.from ?? [];

/** The columns of an order row the job itself reads (the rest travels untouched). */
export const OrderHead = z.looseObject({
  $id: z.string(),
  placed_at: z.string(),
  version: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  archived_at: z.string().nullable().optional(),
});
export type OrderHead = z.infer<typeof OrderHead>;

/** Archivable orders placed before `cutoffIso` and not archived yet (served by idx_archived_placed). */
export function eligibleFilters(cutoffIso: string): string[] {
  return [Query.isNull("archived_at"), Query.lessThan("placed_at", cutoffIso), Query.equal("status", [...ARCHIVABLE_STATUSES])];
}

/** Every page of `queries` (without limit/cursor), in their order, up to `max` rows; raw rows. */
async function listAll(tablesDB: TablesDB, tableId: string, queries: string[], max = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  while (out.length < max) {
    const limit = Math.min(PAGE, max - out.length);
    const page = await appwriteCall(`list ${tableId}`, () =>
      tablesDB.listRows({ databaseId: DATABASE_ID, tableId, queries: [...queries, Query.limit(limit), ...(cursor ? [Query.cursorAfter(cursor)] : [])], total: false }),
    );
    const rows = page.rows as unknown as Record<string, unknown>[];
    out.push(...rows);
    if (rows.length < limit) break;
    cursor = String(rows[rows.length - 1]!.$id);
  }
  return out;
}

/** The next `size` archivable orders, oldest first, ties by id: a stable order, so a re-run picks the same batch. */
export async function selectBatch(deps: Deps, cutoffIso: string, size: number): Promise<Record<string, unknown>[]> {
  return listAll(deps.tablesDB, T.orders.id, [...eligibleFilters(cutoffIso), Query.orderAsc("placed_at"), Query.orderAsc("$id")], size);
}

/** Appwrite's `total` stops counting here (APP_LIMIT_COUNT). */
const COUNT_CAP = 5_000;

/**
 * How many orders are waiting to be archived (the progress log's total). Appwrite counts only up to 5,000, so a
 * larger backlog is counted by listing ids (select $id only, along idx_archived_placed).
 */
export async function countEligible(deps: Deps, cutoffIso: string): Promise<number> {
  const capped = await deps.db.orders.count(eligibleFilters(cutoffIso));
  if (capped < COUNT_CAP) return capped;
  let n = 0;
  let cursor: string | null = null;
  for (;;) {
    const page = await appwriteCall("count orders to archive", () =>
      deps.tablesDB.listRows({
        databaseId: DATABASE_ID,
        tableId: T.orders.id,
        queries: [...eligibleFilters(cutoffIso), Query.select(["$id"]), Query.orderAsc("placed_at"), Query.orderAsc("$id"), Query.limit(PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
        total: false,
      }),
    );
    n += page.rows.length;
    if (page.rows.length < PAGE) return n;
    cursor = page.rows[page.rows.length - 1]!.$id;
  }
}

/** Rows of `tableId` whose `order_id` is one of `orderIds`, by order then `orderBy`. */
async function childrenOf(deps: Deps, tableId: string, orderIds: readonly string[], orderBy: string): Promise<Map<string, ArchivedRow[]>> {
  const byOrder = new Map<string, ArchivedRow[]>();
  for (let i = 0; i < orderIds.length; i += PAGE) {
    const ids = orderIds.slice(i, i + PAGE);
    for (const raw of await listAll(deps.tablesDB, tableId, [Query.equal("order_id", ids), Query.orderAsc("order_id"), Query.orderAsc(orderBy)])) {
      const row = archivedRow(raw);
      const key = String(raw.order_id);
      const list = byOrder.get(key);
      if (list) list.push(row);
      else byOrder.set(key, [row]);
    }
  }
  return byOrder;
}

/** Each order with its events (by seq), payments and refunds, in the orders' order. */
export async function loadRecords(deps: Deps, orders: readonly Record<string, unknown>[]): Promise<ArchivedRecord[]> {
  const ids = orders.map((o) => String(o.$id));
  const [events, payments, refunds] = await Promise.all([
    childrenOf(deps, T.order_events.id, ids, "seq"),
    childrenOf(deps, T.payments.id, ids, "$id"),
    childrenOf(deps, T.refunds.id, ids, "$id"),
  ]);
  return orders.map((o) => {
    const id = String(o.$id);
    return { order: archivedRow(o), events: events.get(id) ?? [], payments: payments.get(id) ?? [], refunds: refunds.get(id) ?? [] };
  });
}

/** Current heads of `ids` (absent ids are missing from the map). */
export async function orderHeads(deps: Deps, ids: readonly string[]): Promise<Map<string, OrderHead>> {
  const out = new Map<string, OrderHead>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE);
    for (const raw of await listAll(deps.tablesDB, T.orders.id, [Query.equal("$id", chunk), Query.select(["$id", "placed_at", "version", "status", "archived_at"])])) {
      const head = OrderHead.parse(raw);
      out.set(head.$id, head);
    }
  }
  return out;
}
