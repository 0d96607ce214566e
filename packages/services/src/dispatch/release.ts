// An order cancelled or rejected while dispatch was under way (the order machine's cancelDispatch/releasePartner
// effects, carried out here from the row): its live offers are withdrawn, the assigned partner is freed and back in
// the GEO index, and dispatch_state returns to none — in one transaction, so a partner is never left holding a dead
// order (I11) and never freed twice.
import { Query } from "node-appwrite";
import { dispatchTransition } from "@chizze/core";
import { T } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import type { PartnerRow } from "../delivery/partner";
import { syncPartnerIndex } from "../delivery/geo-index";
import { isStopped } from "./rules";
import { METRICS } from "@chizze/platform/observability/metrics";

export interface Released {
  orderId: string;
  offersWithdrawn: number;
  partnerFreed: string | null;
}

/** No-op (null, nothing written) unless the order is stopped and still holds offers, a partner or a dispatch state. */
export async function releaseDispatch(deps: Deps, orderId: string): Promise<Released | null> {
  const live = (await deps.db.dispatch_offers.list([Query.equal("order_id", orderId), Query.equal("status", "offered")], { limit: 100 })).rows;
  const out = await withTransaction(
    deps.tablesDB,
    async (tx): Promise<{ released: Released; partner: PartnerRow | null } | null> => {
      const order = await tx.get(T.orders, orderId);
      if (!order || !isStopped(order.status)) return null;
      let withdrawn = 0;
      for (const o of live) {
        const offer = await tx.get(T.dispatch_offers, o.$id);
        if (offer?.status !== "offered") continue;
        tx.update(T.dispatch_offers, o.$id, { status: "cancelled" });
        withdrawn++;
      }
      let partner: PartnerRow | null = null;
      if (order.delivery_partner_id) {
        const p = await tx.get(T.delivery_partners, order.delivery_partner_id);
        if (p && p.active_order_id === orderId) {
          const patch = { is_on_delivery: false, active_order_id: null };
          tx.update(T.delivery_partners, p.$id, patch);
          partner = { ...p, ...patch };
        }
      }
      const t = dispatchTransition(order.dispatch_state, "cancel", { round: 0, maxRounds: 0 });
      if (t.ok && t.to !== order.dispatch_state) tx.update(T.orders, orderId, { dispatch_state: t.to });
      if (withdrawn === 0 && !partner && !(t.ok && t.to !== order.dispatch_state)) return null;
      return { released: { orderId, offersWithdrawn: withdrawn, partnerFreed: partner?.$id ?? null }, partner };
    },
    { onRetry: (attempt) => deps.log.info("dispatch release retry", { orderId, attempt }) },
  );
  if (!out) return null;
  deps.log.info("dispatch released", { ...out.released });
  if (out.released.offersWithdrawn > 0) deps.metrics.counter(METRICS.dispatchOffersTotal.name, { outcome: "cancelled" }, out.released.offersWithdrawn);
  if (out.partner) await syncPartnerIndex(deps, out.partner, false);
  return out.released;
}
