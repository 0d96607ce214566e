// The payout report per payee: GET /restaurant/payouts (one of the caller's restaurants) and GET /delivery/payouts
// (the caller's partner profile). Totals come from the payout row; per-order lines, commission and its GST from
// the ledger entries the payout covers (the same numbers the run paid, to the paisa). Only the payee's own payouts
// are listed: another owner's restaurant is 404, another partner's payouts never match the caller's row.
import { Query } from "node-appwrite";
import type { z } from "zod";
import type { Payout, RestaurantPayoutsQuery } from "@chizze/contracts/api/restaurant";
import type { PageQuery } from "@chizze/contracts/common";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { selectOwnedRestaurant } from "../restaurant-admin/owned";
import { findPartner } from "../delivery/partner";
import { isoUtc, isoUtcOrNull } from "../time";
import { commissionGstOf, settlementTxnsOf, summarise } from "./amounts";
import { deductionsOf, entriesOfPayout } from "./ledger";
import type { Payee } from "./period";
import type { PayoutRow } from "./run";

type PayoutView = z.infer<typeof Payout>;
type PayoutPage = { items: PayoutView[]; nextCursor: string | null };

/** GET /restaurant/payouts */
export async function restaurantPayouts(deps: Deps, caller: Caller, query: z.output<typeof RestaurantPayoutsQuery>): Promise<PayoutPage> {
  const restaurant = await selectOwnedRestaurant(deps, caller, query.restaurantId);
  return payoutsOf(deps, { type: "restaurant", id: restaurant.$id }, query);
}

/** GET /delivery/payouts */
export async function partnerPayouts(deps: Deps, caller: Caller, query: z.output<typeof PageQuery>): Promise<PayoutPage> {
  const partner = await findPartner(deps, caller);
  return payoutsOf(deps, { type: "partner", id: partner.$id }, query);
}

async function payoutsOf(deps: Deps, payee: Payee, query: { limit: number; cursor?: string | undefined }): Promise<PayoutPage> {
  const mine = [Query.equal("payee_type", payee.type), Query.equal("payee_id", payee.id)];
  if (query.cursor) {
    // The cursor is the last payout id of the previous page; it must be one of the payee's.
    const at = /^pyo_[0-9a-f]{32}$/.test(query.cursor) ? await deps.db.payouts.get(query.cursor) : null;
    if (!at || at.payee_type !== payee.type || at.payee_id !== payee.id) throw new ApiError("validation_failed", "Invalid cursor", { errors: [{ path: "query.cursor", message: "Not a cursor of this list" }] });
  }
  const page = await deps.db.payouts.list([...mine, Query.orderDesc("period_start"), Query.orderDesc("created_at")], { limit: query.limit, cursor: query.cursor ?? null });
  const items: PayoutView[] = [];
  for (const row of page.rows) items.push(await toPayout(deps, row));
  return { items, nextCursor: page.nextCursor };
}

/** A payout in the API's shape, with the lines of the orders it covers. */
export async function toPayout(deps: Deps, row: PayoutRow): Promise<PayoutView> {
  const entries = (row.entry_count ?? 0) > 0 ? await entriesOfPayout(deps, row.$id) : [];
  const lines = summarise(row.payee_type, entries, await deductionsOf(deps, settlementTxnsOf(row.payee_type, entries)));
  const adjustment = row.adjustment_paise ?? 0;
  return {
    id: row.$id,
    payeeType: row.payee_type,
    payeeId: row.payee_id,
    periodStart: isoUtc(row.period_start),
    periodEnd: isoUtc(row.period_end),
    status: row.status,
    reason: row.failure_reason ?? null,
    grossPaise: row.gross_paise,
    commissionPaise: row.commission_paise,
    commissionGstPaise: commissionGstOf(row),
    tdsPaise: row.tds_paise,
    adjustmentPaise: adjustment,
    netPaise: row.net_paise,
    razorpayTransferId: row.razorpay_transfer_id ?? null,
    entryCount: row.entry_count ?? 0,
    createdAt: isoUtc(row.created_at),
    processedAt: isoUtcOrNull(row.processed_at),
    orders: lines.orders,
  };
}
