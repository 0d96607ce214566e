// The erasure of one account as an ordered list of steps, each done in pages. A step's page either deletes rows
// (they vanish, so the next page is "whatever still matches") or rewrites rows into their erased form (masks.ts)
// paging by row id. Every page is idempotent — a row already erased is left alone, a deleted row is not found — so
// the checkpoint (state.ts) only saves time: a run killed anywhere redoes at most one page.
import { Query } from "node-appwrite";
import { AddressSnapshotDoc, BUCKET_IDS, DATABASE_ID, PricedLinesDoc, T, type Row, type Table } from "@chizze/schema";
import { InvoiceDocumentDoc } from "@chizze/schema/tables/invoices";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { listAll } from "../catalog/pages";
import { readDoc, writeDoc } from "../json-doc";
import { syncPartnerIndex } from "../delivery/geo-index";
import { ensureInvoiceFile } from "../invoices/files";
import { orderEventIdFor } from "../orders/transition";
import { PARTNER_ERASURE, PROFILE_ERASURE, REVIEW_ERASURE, erasedInvoiceDocument, erasedPayload, isFreeText, orderErasure } from "./masks";

/** Rows per bulk delete or per listed page; orders are erased one transaction each, ORDER_PAGE per page. */
const PAGE = 100;
const ORDER_PAGE = 20;
/** The order_events event that records an erasure in the order's timeline (status unchanged, no notification). */
export const ERASURE_EVENT = "personal_data_erased";

export interface StepContext {
  deps: Deps;
  userId: string;
}

/** One page of a step: `done` when the step has nothing left, else `cursor` for the next page (null = start over). */
export interface PageResult {
  done: boolean;
  cursor: string | null;
  n: number;
}

export interface Step {
  name: string;
  page(ctx: StepContext, cursor: string | null): Promise<PageResult>;
}

async function deletePage(deps: Deps, table: Table, queries: string[]): Promise<PageResult> {
  const res = await appwriteCall(`erase ${table.id}`, () => deps.tablesDB.deleteRows({ databaseId: DATABASE_ID, tableId: table.id, queries: [...queries, Query.limit(PAGE)] }));
  return { done: res.total < PAGE, cursor: null, n: res.total };
}

const deleting = (name: string, table: Table, column: string): Step => ({
  name,
  page: ({ deps, userId }) => deletePage(deps, table, [Query.equal(column, userId)]),
});

async function ignoreMissing(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await appwriteCall(what, call);
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
  }
}

async function partnerOf(deps: Deps, userId: string): Promise<Row<"delivery_partners"> | null> {
  return (await deps.db.delivery_partners.list([Query.equal("user_id", userId)], { limit: 1 })).rows[0] ?? null;
}

/** Written only when some column differs, so a repeated page writes nothing. */
function differs<R extends object>(row: R, patch: Partial<R>): boolean {
  return Object.entries(patch).some(([k, v]) => JSON.stringify((row as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null));
}

// ---- the account itself ------------------------------------------------------------------------------------

/** No new session from here on (a login can no longer cancel), and any session left is ended. */
const block: Step = {
  name: "block_login",
  async page({ deps, userId }) {
    await ignoreMissing("users.updateStatus", () => deps.users.updateStatus({ userId, status: false }));
    await ignoreMissing("users.deleteSessions", () => deps.users.deleteSessions({ userId }));
    return { done: true, cursor: null, n: 1 };
  },
};

const profile: Step = {
  name: "profile",
  async page({ deps, userId }) {
    const row = await deps.db.profiles.get(userId);
    if (!row || !differs(row, PROFILE_ERASURE)) return { done: true, cursor: null, n: 0 };
    await deps.db.profiles.update(userId, PROFILE_ERASURE);
    return { done: true, cursor: null, n: 1 };
  },
};

/**
 * Deleting the Appwrite user erases its name, phone, email, push/SMS targets and sessions at the source and frees
 * the phone number for a new account (numbers are recycled by operators). Blocking instead would keep the number
 * bound to a dead account forever. The kept rows refer to the id as a plain string, so nothing financial breaks.
 */
const appwriteUser: Step = {
  name: "appwrite_user",
  async page({ deps, userId }) {
    await ignoreMissing("users.delete", () => deps.users.delete({ userId }));
    return { done: true, cursor: null, n: 1 };
  },
};

// ---- partner ------------------------------------------------------------------------------------------------

const partner: Step = {
  name: "delivery_partner",
  async page({ deps, userId }) {
    const p = await partnerOf(deps, userId);
    if (!p) return { done: true, cursor: null, n: 0 };
    const row = differs(p, PARTNER_ERASURE) ? await deps.db.delivery_partners.update(p.$id, PARTNER_ERASURE) : p;
    // Out of the live GEO index too (Redis holds the last position under the partner id).
    await syncPartnerIndex(deps, row, false);
    return { done: true, cursor: null, n: row === p ? 0 : 1 };
  },
};

/** The partner's own trail (rows of other people's orders they carried). */
const partnerTrail: Step = {
  name: "partner_locations",
  async page({ deps, userId }) {
    const p = await partnerOf(deps, userId);
    return p ? deletePage(deps, T.delivery_locations, [Query.equal("partner_id", p.$id)]) : { done: true, cursor: null, n: 0 };
  },
};

// ---- invoices -----------------------------------------------------------------------------------------------

/**
 * The invoice row keeps number, lines and taxes; the recipient goes from its document. The PDF was rendered with
 * the name, so it is replaced: `file_id: null` is written together with the erased document and means "the file
 * is stale", so a run killed between the row and the file re-renders it next time instead of keeping the old one.
 */
const invoices: Step = {
  name: "invoices",
  async page({ deps, userId }, cursor) {
    const page = await deps.db.invoices.list([Query.equal("customer_id", userId), Query.orderAsc("$id")], { limit: PAGE, cursor });
    let n = 0;
    for (let inv of page.rows) {
      const erased = erasedInvoiceDocument(readDoc(InvoiceDocumentDoc, inv.document));
      if (erased) {
        inv = await deps.db.invoices.update(inv.$id, { document: writeDoc(erased), file_id: null });
        n++;
      }
      if (!inv.file_id) {
        await ignoreMissing("delete stale invoice file", () => deps.storage.deleteFile({ bucketId: BUCKET_IDS.invoices, fileId: inv.$id }));
        await ensureInvoiceFile(deps, inv);
      }
    }
    return { done: page.nextCursor === null, cursor: page.nextCursor, n };
  },
};

// ---- orders -------------------------------------------------------------------------------------------------

/**
 * One order: the erased columns, version + 1 and an order_events row saying so (the timeline stays contiguous, and
 * a writer holding the old version — archival marking a stale export — fails its compare-and-set), plus the
 * customer's free-text reasons in earlier events, in one transaction that re-reads the order. Nothing to erase →
 * nothing written, so a second run adds no event.
 */
export async function eraseOrder(deps: Deps, orderId: string): Promise<boolean> {
  const events = await listAll(deps.db.order_events, [Query.equal("order_id", orderId), Query.orderAsc("seq")], 1_000);
  const notes = events.filter((e) => isFreeText(e.reason));
  return withTransaction(deps.tablesDB, async (tx) => {
    const row = await tx.get(T.orders, orderId);
    if (!row) return false;
    const patch = orderErasure({ ...row, delivery_address: readDoc(AddressSnapshotDoc, row.delivery_address), items: readDoc(PricedLinesDoc, row.items) });
    if (!patch && notes.length === 0) return false;
    const seq = row.version + 1;
    tx.update(T.orders, orderId, { ...patch, version: seq });
    tx.create(
      T.order_events,
      orderEventIdFor(orderId, seq),
      {
        order_id: orderId,
        seq,
        event: ERASURE_EVENT,
        from_status: row.status,
        to_status: row.status,
        dispatch_state: row.dispatch_state,
        payment_status: row.payment_status,
        actor_type: "system",
        actor_id: null,
        reason: "account_deleted",
        at: deps.now().toISOString(),
        data: null,
      },
      row.$permissions,
    );
    for (const e of notes) tx.update(T.order_events, e.$id, { reason: null });
    return true;
  });
}

/** Webhook bodies of the order's payments keep amounts and references; the payer's contact, email, UPI id go. */
async function erasePaymentEvents(deps: Deps, order: Row<"orders">): Promise<number> {
  const byOrder = await listAll(deps.db.payment_events, [Query.equal("order_id", order.$id)], 1_000);
  const byRazorpay = order.razorpay_order_id ? await listAll(deps.db.payment_events, [Query.equal("razorpay_order_id", order.razorpay_order_id)], 1_000) : [];
  const rows = new Map([...byOrder, ...byRazorpay].map((r) => [r.$id, r]));
  let n = 0;
  for (const ev of rows.values()) {
    const { value, changed } = erasedPayload(JSON.parse(ev.payload) as unknown);
    if (!changed) continue;
    await deps.db.payment_events.update(ev.$id, { payload: writeDoc(value) });
    n++;
  }
  return n;
}

const orders: Step = {
  name: "orders",
  async page({ deps, userId }, cursor) {
    const page = await deps.db.orders.list([Query.equal("customer_id", userId), Query.orderAsc("$id")], { limit: ORDER_PAGE, cursor });
    let n = 0;
    for (const o of page.rows) {
      if (await eraseOrder(deps, o.$id)) n++;
      // The rider's trail to the customer's door (normally gone after 24 h already).
      n += (await deletePage(deps, T.delivery_locations, [Query.equal("order_id", o.$id)])).n;
      n += await erasePaymentEvents(deps, o);
      const review = (await deps.db.reviews.list([Query.equal("order_id", o.$id)], { limit: 1 })).rows[0];
      if (review && differs(review, REVIEW_ERASURE)) {
        await deps.db.reviews.update(review.$id, REVIEW_ERASURE);
        n++;
      }
    }
    return { done: page.nextCursor === null, cursor: page.nextCursor, n };
  },
};

/**
 * In order. The login is blocked first, so nothing new is written for the person while the rest runs. Invoices come
 * before orders (an order update fires invoices-issue, which must find the invoice already erased) and once more
 * after them (an invoice issued meanwhile for a lost event). The Appwrite user goes last: until then a failed run
 * can still be finished with its id.
 */
export const STEPS: readonly Step[] = [
  block,
  profile,
  deleting("addresses", T.addresses, "user_id"),
  deleting("favorites", T.favorites, "user_id"),
  deleting("notifications", T.notifications, "user_id"),
  deleting("idempotency_keys", T.idempotency_keys, "user_id"),
  deleting("quotes", T.quotes, "user_id"),
  partner,
  partnerTrail,
  invoices,
  orders,
  { ...invoices, name: "invoices_recheck" },
  appwriteUser,
];
