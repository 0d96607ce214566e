// GET /me/export: everything Chizze holds about the caller, as one JSON document (DPDP Act right of access).
// Every section is read in cursor pages of 100 rows over an index that leads with the caller's id (orders by
// idx_customer_placed, notifications by idx_user_created …, payments/refunds/reviews through the caller's order ids),
// so a long history costs pages, never a scan; each section is bounded (EXPORT_MAX_ROWS) and a cut section is named
// in `truncated` instead of passing silently for complete.
//
// The answer is returned inline (the contract) and not also stored in the `exports` bucket: a stored copy would be
// one more copy of the person's data to expire and to erase, for no gain while an export fits one response.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { AddressSnapshotDoc, type Row, type RowOf, type Table } from "@chizze/schema";
import type { DataExport, ExportedOrder } from "@chizze/contracts/api/me";
import type { Repo } from "@chizze/platform/appwrite/tables";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { loadOwnProfile } from "../profile/load";
import { toProfile } from "../profile/view";
import { toSavedAddress } from "../addresses/view";
import { toReview } from "../reviews/view";
import { loadOrderContext, toOrder, toOrderSummary } from "../orders/view";
import { rowsById } from "../orders/keyset";
import { readDoc } from "../json-doc";
import { isoUtc, isoUtcOrNull } from "../time";

type Export = z.infer<typeof DataExport>;
type ExportOrder = z.infer<typeof ExportedOrder>;

/** Rows per section at most: far beyond any real account (10 orders a day for a year is 3,650). */
export const EXPORT_MAX_ROWS = 5_000;
const PAGE = 100;
/** Ids per `Query.equal` when a section is read through the caller's orders. */
const ID_CHUNK = 100;

interface Section<R> {
  rows: R[];
  truncated: boolean;
}

/** All rows matching `queries`, in pages, at most EXPORT_MAX_ROWS. */
async function section<Tb extends Table>(repo: Repo<Tb>, queries: string[]): Promise<Section<RowOf<Tb>>> {
  const rows: RowOf<Tb>[] = [];
  let cursor: string | null = null;
  do {
    const page = await repo.list(queries, { limit: PAGE, cursor });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor && rows.length < EXPORT_MAX_ROWS);
  return { rows: rows.slice(0, EXPORT_MAX_ROWS), truncated: cursor !== null || rows.length > EXPORT_MAX_ROWS };
}

/** Rows of a table whose `column` is one of the caller's order ids. */
async function byOrders<Tb extends Table>(repo: Repo<Tb>, column: string, orderIds: readonly string[]): Promise<Section<RowOf<Tb>>> {
  const rows: RowOf<Tb>[] = [];
  let truncated = false;
  for (let i = 0; i < orderIds.length; i += ID_CHUNK) {
    const s = await section(repo, [Query.equal(column, orderIds.slice(i, i + ID_CHUNK)), Query.orderAsc("$id")]);
    rows.push(...s.rows);
    truncated ||= s.truncated;
  }
  return { rows, truncated };
}

function exportedOrder(row: Row<"orders">, view: ReturnType<typeof toOrder>, summary: ReturnType<typeof toOrderSummary>): ExportOrder {
  const a = readDoc(AddressSnapshotDoc, row.delivery_address);
  return {
    ...summary,
    paymentMethod: row.payment_method,
    items: view.items,
    amounts: view.amounts,
    refundedPaise: row.amount_refunded_paise ?? 0,
    couponCode: row.coupon_code ?? null,
    deliveryAddress: {
      label: a.label,
      line1: a.line1,
      line2: a.line2,
      landmark: a.landmark,
      locality: a.locality,
      city: a.city,
      state: a.state,
      pincode: a.pincode,
      lat: a.lat,
      lng: a.lng,
      contactName: a.contactName,
      contactPhone: a.contactPhone,
      instructions: row.delivery_instructions ?? null,
    },
    specialInstructions: row.special_instructions ?? null,
    timeline: view.timeline,
    cancellation: view.cancellation,
  };
}

/** The caller's orders, oldest first, each page mapped with the context loaded once for it. */
async function ordersOf(deps: Deps, caller: Caller): Promise<Section<{ row: Row<"orders">; out: ExportOrder }>> {
  const s = await section(deps.db.orders, [Query.equal("customer_id", caller.userId), Query.orderAsc("placed_at"), Query.orderAsc("$id")]);
  const out: { row: Row<"orders">; out: ExportOrder }[] = [];
  for (let i = 0; i < s.rows.length; i += PAGE) {
    const rows = s.rows.slice(i, i + PAGE);
    const ctx = await loadOrderContext(deps, rows, { userId: caller.userId, as: "customer" });
    for (const row of rows) out.push({ row, out: exportedOrder(row, toOrder(row, ctx), toOrderSummary(row, ctx.restaurants.get(row.restaurant_id))) });
  }
  return { rows: out, truncated: s.truncated };
}

export async function exportMyData(deps: Deps, caller: Caller): Promise<Export> {
  const generatedAt = deps.now().toISOString();
  const profile = await loadOwnProfile(deps, caller);
  const uid = caller.userId;
  const [addresses, orders, favorites, notifications, invoices, partner] = await Promise.all([
    section(deps.db.addresses, [Query.equal("user_id", uid), Query.orderAsc("$id")]),
    ordersOf(deps, caller),
    section(deps.db.favorites, [Query.equal("user_id", uid), Query.orderAsc("created_at")]),
    section(deps.db.notifications, [Query.equal("user_id", uid), Query.orderAsc("created_at")]),
    section(deps.db.invoices, [Query.equal("customer_id", uid), Query.orderAsc("issued_at")]),
    deps.db.delivery_partners.list([Query.equal("user_id", uid)], { limit: 1 }),
  ]);
  const orderIds = orders.rows.map((o) => o.row.$id);
  const [reviews, payments, refunds, restaurants] = await Promise.all([
    byOrders(deps.db.reviews, "order_id", orderIds),
    byOrders(deps.db.payments, "order_id", orderIds),
    byOrders(deps.db.refunds, "order_id", orderIds),
    rowsById((q, p) => deps.db.restaurants.list(q, p), favorites.rows.map((f) => f.restaurant_id)),
  ]);
  const p = partner.rows[0];
  const sections = { addresses, orders, favorites, notifications, invoices, reviews, payments, refunds };

  return {
    generatedAt,
    profile: toProfile(profile, caller.roles),
    addresses: addresses.rows.map(toSavedAddress),
    orders: orders.rows.map((o) => o.out),
    reviews: reviews.rows.filter((r) => r.customer_id === uid).map(toReview),
    account: {
      language: profile.language ?? "en",
      marketingOptIn: profile.marketing_opt_in ?? false,
      marketingOptInAt: isoUtcOrNull(profile.marketing_opt_in_at),
      deletion: profile.deleted_at && profile.deletion_due_at ? { requestedAt: isoUtc(profile.deleted_at), deleteAfter: isoUtc(profile.deletion_due_at) } : null,
    },
    favorites: favorites.rows.map((f) => ({ restaurantId: f.restaurant_id, restaurantName: restaurants.get(f.restaurant_id)?.name ?? null, createdAt: isoUtc(f.created_at) })),
    notifications: notifications.rows.map((n) => ({
      id: n.$id,
      kind: n.kind,
      title: n.title,
      message: n.message,
      channel: n.channel,
      status: n.status,
      language: n.language ?? "en",
      createdAt: isoUtc(n.created_at),
      sentAt: isoUtcOrNull(n.sent_at),
      readAt: isoUtcOrNull(n.read_at),
    })),
    payments: payments.rows.map((x) => ({
      orderId: x.order_id,
      status: x.status,
      method: x.method ?? null,
      amountPaise: x.amount_paise,
      refundedPaise: x.amount_refunded_paise ?? 0,
      capturedAt: isoUtcOrNull(x.captured_at),
    })),
    refunds: refunds.rows.map((r) => ({ orderId: r.order_id, amountPaise: r.amount_paise, status: r.status, reasonCode: r.reason_code, requestedAt: isoUtc(r.requested_at), processedAt: isoUtcOrNull(r.processed_at) })),
    invoices: invoices.rows.map((v) => ({ orderId: v.order_id, number: v.invoice_number, totalPaise: v.total_paise, issuedAt: isoUtc(v.issued_at), fileId: v.file_id ?? null })),
    partner: p
      ? {
          id: p.$id,
          name: p.name,
          phone: p.phone,
          vehicle: p.vehicle,
          vehicleNumber: p.vehicle_number ?? null,
          city: p.city,
          kycStatus: p.kyc_status ?? "pending",
          deliveriesCompleted: p.deliveries_completed ?? 0,
          rating: p.rating_count ? (p.rating ?? null) : null,
        }
      : null,
    truncated: Object.entries(sections)
      .filter(([, s]) => s.truncated)
      .map(([name]) => name),
  };
}
