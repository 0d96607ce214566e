// reviews row ⇄ the API's Review.
import type { z } from "zod";
import type { Review } from "@chizze/contracts/api/orders";
import type { Row } from "@chizze/schema";
import { isoUtc } from "../time";

export type ReviewRow = Row<"reviews">;

export function toReview(row: ReviewRow): z.infer<typeof Review> {
  return {
    id: row.$id,
    orderId: row.order_id,
    restaurantId: row.restaurant_id,
    restaurantRating: row.food_rating,
    deliveryRating: row.delivery_rating ?? null,
    comment: row.comment ?? null,
    createdAt: isoUtc(row.created_at),
  };
}
