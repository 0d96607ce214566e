// POST /orders/{id}/review: the customer rates a delivered order of theirs, once. The review row's id is derived
// from the order id, so a second review — or two taps racing — meets the same row and gets 409 from Appwrite
// (the unique order_id index says the same for rows written any other way). The ratings are folded into the
// restaurant's and partner's aggregates by the reviews-aggregate event function, not here: the answer does not wait
// on the hot restaurant row.
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { Review, ReviewRequest } from "@chizze/contracts/api/orders";
import { deterministicId } from "@chizze/core";
import { Conflict } from "@chizze/platform/errors";
import { rowPermissions } from "@chizze/schema";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { toReview } from "./view";

/**
 * The one review row an order can have.
 * @example reviewIdFor("ord_3f9c…") // "rev_…" (36 chars)
 */
export const reviewIdFor = (orderId: string): string => deterministicId("rev", ["review", orderId]);

export async function reviewOrder(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof ReviewRequest>): Promise<{ review: z.infer<typeof Review> }> {
  const order = await deps.db.orders.get(orderId);
  // Not the caller's order (or not as a customer) → 404, never 403.
  if (!order || order.customer_id !== caller.userId || !caller.roles.includes("customer")) throw notFound("Order");
  if (order.status !== "delivered") throw new ApiError("illegal_transition", `Only a delivered order can be reviewed; this one is ${order.status}`);

  const comment = input.comment?.trim() || null;
  try {
    const row = await deps.db.reviews.create(
      reviewIdFor(orderId),
      {
        order_id: order.$id,
        restaurant_id: order.restaurant_id,
        customer_id: order.customer_id,
        delivery_partner_id: order.delivery_partner_id ?? null,
        food_rating: input.restaurantRating,
        // A delivery rating means nothing without a partner to give it to.
        delivery_rating: order.delivery_partner_id ? (input.deliveryRating ?? null) : null,
        comment,
        created_at: deps.now().toISOString(),
      },
      rowPermissions.customer(order.customer_id),
    );
    // itemRatings (thumbs per dish) are accepted by the contract but have no column yet: not stored.
    return { review: toReview(row) };
  } catch (err) {
    if (err instanceof Conflict) throw new ApiError("conflict", "This order has already been reviewed", { cause: err });
    throw err;
  }
}
