// Finding our transfers at Razorpay. Route transfers take no idempotency key, so a run that crashed between
// creating a transfer and recording it can only learn what happened by looking: every transfer carries
// notes.payout_id, and one scan of "all transfers" over the window of the open payouts indexes them by payout and
// by id (one call per 100 transfers, instead of one per payout).
import type { GatewayTransfer, PaymentGateway } from "@chizze/platform/razorpay/gateway";

const PAGE = 100;
/** 2 000 pages = 200 000 transfers: ~70 days of payouts at the design's scale (2 800 payees a day). */
const MAX_PAGES = 2_000;

export interface TransferIndex {
  byPayout: Map<string, GatewayTransfer[]>;
  byId: Map<string, GatewayTransfer>;
}

export const emptyTransferIndex = (): TransferIndex => ({ byPayout: new Map(), byId: new Map() });

/** Every transfer created in [fromMs, toMs], indexed. */
export async function scanTransfers(gateway: PaymentGateway, fromMs: number, toMs: number): Promise<TransferIndex> {
  const index = emptyTransferIndex();
  const fromSec = Math.floor(fromMs / 1000);
  const toSec = Math.ceil(toMs / 1000);
  for (let page = 0; page < MAX_PAGES; page++) {
    const items = await gateway.listTransfers({ fromSec, toSec, count: PAGE, skip: page * PAGE });
    for (const t of items) {
      index.byId.set(t.id, t);
      const payoutId = t.notes.payout_id;
      if (payoutId) index.byPayout.set(payoutId, [...(index.byPayout.get(payoutId) ?? []), t]);
    }
    if (items.length < PAGE) return index;
  }
  throw new Error(`more than ${MAX_PAGES * PAGE} transfers in the reconciliation window`);
}

/** Money that did not reach the payee or was taken back whole. */
export function isReturned(t: Pick<GatewayTransfer, "status" | "amount" | "amount_reversed">): boolean {
  return t.status === "failed" || t.status === "reversed" || (t.amount_reversed ?? 0) >= t.amount;
}
