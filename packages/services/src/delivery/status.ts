import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { DeliveryStatus, DeliveryStatusRequest } from "@chizze/contracts/api/delivery";
import type { PatchOf, T } from "@chizze/schema";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { isoUtc } from "../time";
import { judgeFix, lastFixOf } from "./fix";
import { syncPartnerIndex } from "./geo-index";
import { activeOrderOf, findPartner, requireActive } from "./partner";

/**
 * PUT /delivery/status: the partner starts or ends a shift. Online (active, KYC-verified partners only) puts them in
 * the city's GEO index once a position is known — the one sent here, taken as a fix at the server's time and judged
 * like any other (a jump is 422) — offline takes them out, and is refused (409) while an order is in their hands.
 * A blocked partner may still go offline. Repeating a PUT changes nothing and re-syncs the index.
 *
 * `since`: the schema has no status-changed-at column, so a PUT that changes the status answers the request time; a
 * repeated offline PUT answers the row's $updatedAt (offline partners send no fixes, so nothing else writes the row);
 * a repeated online PUT answers the request time (the row is rewritten by every fix).
 */
export async function setDeliveryStatus(deps: Deps, caller: Caller, input: z.infer<typeof DeliveryStatusRequest>): Promise<z.infer<typeof DeliveryStatus>> {
  const partner = await findPartner(deps, caller);
  if (input.isOnline) {
    requireActive(partner);
    if (partner.kyc_status !== "verified") throw new ApiError("forbidden", "Complete KYC verification before going online");
  }
  const active = await activeOrderOf(deps, partner.$id);
  if (!input.isOnline && active) throw new ApiError("conflict", `Deliver order ${active.order_number} before going offline`);

  const now = deps.now();
  const nowIso = now.toISOString();
  const changed = (partner.is_online === true) !== input.isOnline;
  const patch: PatchOf<typeof T.delivery_partners> = changed ? { is_online: input.isOnline } : {};
  // A position is only kept for a partner going (or staying) online: an offline partner is not tracked.
  if (input.isOnline && input.lat !== undefined && input.lng !== undefined) {
    const verdict = judgeFix(lastFixOf(partner), { lat: input.lat, lng: input.lng, atMs: now.getTime() }, now.getTime());
    if (verdict === "accept") Object.assign(patch, { last_lat: input.lat, last_lng: input.lng, last_seen_at: nowIso });
  }
  const row = Object.keys(patch).length > 0 ? await deps.db.delivery_partners.update(partner.$id, patch) : partner;
  await syncPartnerIndex(deps, row, active !== null);

  const since = changed || input.isOnline ? nowIso : isoUtc(partner.$updatedAt);
  return { isOnline: input.isOnline, since, activeOrderId: active?.$id ?? null };
}
