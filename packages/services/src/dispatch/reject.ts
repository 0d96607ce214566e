// POST /delivery/offers/{id}/reject: the partner declines; the order goes to the next partner at once.
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { RejectOfferRequest } from "@chizze/contracts/api/delivery";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { findPartner } from "../delivery/partner";
import type { DispatchSettings } from "./config";
import { closeOffer, followUp } from "./close";

/**
 * Records the decline (status rejected, reason, responded_at; counts against the acceptance rate), moves the order
 * back to searching — or escalated after the last round — and makes the next offer before answering. Declining an
 * offer that is already declined, lapsed or withdrawn changes nothing and answers the same (200); one the caller
 * accepted is 409 (dropping an assigned order is an ops action). Another partner's offer is 404.
 */
export async function rejectOffer(deps: Deps, caller: Caller, offerId: string, input: z.infer<typeof RejectOfferRequest>, settings: DispatchSettings): Promise<{ offerId: string; state: "rejected" }> {
  const me = await findPartner(deps, caller);
  const offer = await deps.db.dispatch_offers.get(offerId);
  if (!offer || offer.partner_id !== me.$id) throw notFound("Offer");
  const acceptedAlready = () => new ApiError("conflict", "You accepted this offer; contact support to hand the order back");
  if (offer.status === "accepted") throw acceptedAlready();
  const closed = await closeOffer(deps, offerId, { as: "rejected", reason: input.reasonCode ?? null }, settings);
  // Not open any more: if the caller's own accept won meanwhile, say so instead of claiming a decline.
  if (!closed && (await deps.db.dispatch_offers.get(offerId))?.status === "accepted") throw acceptedAlready();
  if (closed) {
    deps.log.info("offer rejected", { offerId, orderId: offer.order_id, reason: input.reasonCode ?? null, state: closed.state });
    await followUp(deps, closed, settings);
  }
  return { offerId, state: "rejected" };
}
