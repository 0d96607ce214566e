// reviews-aggregate: folds a new review into its restaurant's rating and rating_count, and into its delivery
// partner's when it carries a delivery rating, exactly once.
//
// Events are at-least-once and run concurrently, so the review row carries the proof of being counted:
// `aggregated_at`, written in the same transaction as the restaurant (and partner) row. The transaction reads the
// review, the restaurant and the partner with `tx.get`, so
// - a second delivery of the same event either finds the marker (nothing to do) or, racing the first, fails its
//   commit on the changed review row, re-reads and finds it;
// - two different reviews of one restaurant racing each other fail on the restaurant row, and the loser recomputes
//   from the winner's figures: counts and means stay exact under any interleaving.
// Nothing is taken from the payload but the row id: the rows read in the transaction are the truth.
//
// The restaurant row update is itself a `restaurants.rows.*.update` event, which catalog-invalidate answers by
// retiring the restaurant's cached pages (restaurant:{id}, nearby, search): no cache work here, so no double bump.
import { z } from "zod";
import { T } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { columnsOf, recountCounted, tallyOf, withRating, type RatedBy, type Tally } from "./tally";

/** The part of a reviews row event payload (the row JSON) this verb reads: only the id. */
export const ReviewRowEvent = z.looseObject({
  $id: z.string().min(1).max(36),
  $tableId: z.string().optional(),
  $collectionId: z.string().optional(),
});
export type ReviewRowEvent = z.infer<typeof ReviewRowEvent>;

// `databases.chizze.tables.reviews.rows.rev_1.create`, the legacy `…collections.X.documents…` form or `tablesdb.`.
const EVENT = /^(?:databases|tablesdb)\.[^.]+\.(?:tables|collections)\.([^.]+)\.(?:rows|documents)\.[^.]+\.[a-z]+$/;

/**
 * Attempts of the aggregation transaction. A restaurant's row is hot when many reviews land at once (each commit
 * makes every other in-flight one retry), so this is well above the platform default of 5; full-jitter backoff
 * spreads the retries.
 */
export const AGGREGATE_TX = { maxAttempts: 15, backoff: { baseMs: 20, maxMs: 800 } } as const;

export interface RatingFigures {
  rating: number;
  ratingCount: number;
}

export type ReviewAggregation =
  | {
      outcome: "aggregated";
      reviewId: string;
      restaurantId: string;
      restaurant: RatingFigures;
      partnerId: string | null;
      partner: RatingFigures | null;
      /** Aggregates found inconsistent and recounted from the counted reviews before adding this one. */
      repaired: ("restaurant" | "partner")[];
    }
  | { outcome: "duplicate"; reviewId: string; aggregatedAt: string }
  | { outcome: "ignored"; reason: string };

const figures = (t: Tally): RatingFigures => ({ rating: columnsOf(t).rating, ratingCount: t.count });

/** Entry for the event (or a hand-fired replay with the row JSON): checks the row is a review, then aggregates it. */
export async function aggregateReviewRow(deps: Deps, event: string, row: ReviewRowEvent): Promise<ReviewAggregation> {
  const table = row.$tableId ?? row.$collectionId ?? EVENT.exec(event)?.[1];
  // A replay with the bare `{ "$id": … }` names no table: this function only ever receives reviews.
  if (table !== undefined && table !== T.reviews.id) return { outcome: "ignored", reason: `not a review row: ${table}` };
  return aggregateReview(deps, row.$id);
}

/**
 * Counts one review into its restaurant's (and partner's) rating, once: see the file comment. A stored aggregate
 * that cannot be a tally of whole stars (tally.ts) is recounted from the reviews already counted, inside the same
 * transaction (its read of the row makes a concurrent count fail the commit), before this review is added.
 */
export async function aggregateReview(deps: Deps, reviewId: string): Promise<ReviewAggregation> {
  let repaired: ("restaurant" | "partner")[] = [];
  const base = async (what: "restaurant" | "partner", stored: Tally | null, by: RatedBy, was: Record<string, unknown>): Promise<Tally> => {
    if (stored) return stored;
    deps.log.warn("rating aggregate inconsistent; recounting from reviews", { reviewId, what, ...by, ...was });
    repaired.push(what);
    return recountCounted(deps, by);
  };

  const result = await withTransaction(
    deps.tablesDB,
    async (tx): Promise<ReviewAggregation> => {
      repaired = [];
      const review = await tx.get(T.reviews, reviewId);
      if (!review) return { outcome: "ignored", reason: `no review ${reviewId}` };
      if (review.aggregated_at) return { outcome: "duplicate", reviewId, aggregatedAt: review.aggregated_at };

      const restaurant = await tx.get(T.restaurants, review.restaurant_id);
      // Left uncounted (no marker): a recompute counts it if the restaurant row comes back.
      if (!restaurant) return { outcome: "ignored", reason: `no restaurant ${review.restaurant_id}` };
      const byRestaurant = { restaurantId: restaurant.$id };
      const r = withRating(await base("restaurant", tallyOf(restaurant.rating, restaurant.rating_count), byRestaurant, { rating: restaurant.rating, ratingCount: restaurant.rating_count }), review.food_rating);
      tx.update(T.restaurants, restaurant.$id, columnsOf(r));

      let partner: Tally | null = null;
      const partnerId = review.delivery_partner_id ?? null;
      if (partnerId && review.delivery_rating) {
        const row = await tx.get(T.delivery_partners, partnerId);
        if (row) {
          partner = withRating(await base("partner", tallyOf(row.rating, row.rating_count), { partnerId }, { rating: row.rating, ratingCount: row.rating_count }), review.delivery_rating);
          tx.update(T.delivery_partners, partnerId, columnsOf(partner));
        } else {
          deps.log.warn("review names a partner that does not exist; delivery rating not counted", { reviewId, partnerId });
        }
      }

      tx.update(T.reviews, review.$id, { aggregated_at: deps.now().toISOString() });
      return { outcome: "aggregated", reviewId, restaurantId: restaurant.$id, restaurant: figures(r), partnerId: partner ? partnerId : null, partner: partner ? figures(partner) : null, repaired };
    },
    { ...AGGREGATE_TX, onRetry: (attempt) => deps.log.info("review aggregation retried after a conflict", { reviewId, attempt }) },
  );
  if (result.outcome === "aggregated") deps.log.info("review aggregated", { ...result });
  else deps.log.info(`review ${result.outcome}`, { reviewId, ...result });
  return result;
}
