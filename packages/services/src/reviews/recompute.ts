// The repair path for rating aggregates, for operators (a hand-fired reviews-aggregate execution with
// `{ "recompute": { "restaurantId": … } }` or `{ "recompute": { "partnerId": … } }`) and scripts:
// 1. the aggregate is recounted from every counted review (`aggregated_at` set) and stored if it differs, in a
//    transaction that reads the row first, so a review counted meanwhile fails the commit and the recount runs again;
// 2. reviews never counted (an event lost, an execution that ran out of retries) are counted now, each through
//    aggregateReview — idempotent, so racing a late event is harmless.
// Both steps are bounded (UNCOUNTED_PER_RUN, MAX_RECOUNT_REVIEWS); `more` says a further run has work left.
import { Query } from "node-appwrite";
import { z } from "zod";
import { AppwriteId } from "@chizze/contracts/common";
import { T } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { notFound } from "../caller";
import { aggregateReview, AGGREGATE_TX, ReviewRowEvent, type RatingFigures } from "./aggregate";
import { columnsOf, recountCounted, type RatedBy } from "./tally";

/** The operator's request (a hand-fired execution of reviews-aggregate). */
export const RecomputeRequest = z.strictObject({
  recompute: z.union([z.strictObject({ restaurantId: AppwriteId }), z.strictObject({ partnerId: AppwriteId })]),
});
export type RecomputeRequest = z.infer<typeof RecomputeRequest>;

/** What reviews-aggregate accepts: the row JSON of a reviews create event (or its replay), or a recompute request. */
export const ReviewsAggregateInput = z.union([RecomputeRequest, ReviewRowEvent]);

export function isRecomputeRequest(input: z.infer<typeof ReviewsAggregateInput>): input is RecomputeRequest {
  return "recompute" in input && typeof input.recompute === "object" && input.recompute !== null && !("$id" in input);
}

/** Uncounted reviews one run counts (one transaction each). */
export const UNCOUNTED_PER_RUN = 500;

export interface RatingRecompute {
  target: RatedBy;
  /** The stored figures when the run started. */
  before: RatingFigures;
  /** The recount replaced them: they did not match the counted reviews. */
  changed: boolean;
  /** Reviews that had never been counted and were counted by this run (after the recount). */
  counted: number;
  /** More uncounted reviews remain than one run takes: run again. */
  more: boolean;
  /** The stored figures when the run ended. */
  after: RatingFigures;
}

export function recomputeRestaurantRating(deps: Deps, restaurantId: string): Promise<RatingRecompute> {
  return recomputeRating(deps, { restaurantId });
}

export function recomputePartnerRating(deps: Deps, partnerId: string): Promise<RatingRecompute> {
  return recomputeRating(deps, { partnerId });
}

export async function recomputeRating(deps: Deps, target: RatedBy): Promise<RatingRecompute> {
  const isRestaurant = "restaurantId" in target;
  const rowId = isRestaurant ? target.restaurantId : target.partnerId;
  const what = isRestaurant ? "Restaurant" : "Delivery partner";
  const read = async (): Promise<RatingFigures> => {
    const row = isRestaurant ? await deps.db.restaurants.get(rowId) : await deps.db.delivery_partners.get(rowId);
    if (!row) throw notFound(what);
    return { rating: row.rating ?? 0, ratingCount: row.rating_count ?? 0 };
  };

  // 1. Recount from the counted reviews and store the figures if they differ.
  const { before, changed } = await withTransaction(
    deps.tablesDB,
    async (tx) => {
      const row = isRestaurant ? await tx.get(T.restaurants, rowId) : await tx.get(T.delivery_partners, rowId);
      if (!row) throw notFound(what);
      const stored = { rating: row.rating ?? 0, ratingCount: row.rating_count ?? 0 };
      const cols = columnsOf(await recountCounted(deps, target));
      const differs = stored.rating !== cols.rating || stored.ratingCount !== cols.rating_count;
      if (differs && isRestaurant) tx.update(T.restaurants, rowId, cols);
      if (differs && !isRestaurant) tx.update(T.delivery_partners, rowId, cols);
      return { before: stored, changed: differs };
    },
    AGGREGATE_TX,
  );

  // 2. Count what was never counted, each onto the now-correct figures.
  const scope = isRestaurant ? [Query.equal("restaurant_id", rowId)] : [Query.equal("delivery_partner_id", rowId), Query.isNotNull("delivery_rating")];
  const uncounted = await deps.db.reviews.list([...scope, Query.isNull("aggregated_at"), Query.orderAsc("$id")], { limit: UNCOUNTED_PER_RUN });
  let counted = 0;
  for (const r of uncounted.rows) if ((await aggregateReview(deps, r.$id)).outcome === "aggregated") counted++;

  const report: RatingRecompute = { target, before, changed, counted, more: uncounted.nextCursor !== null, after: await read() };
  deps.log[changed ? "warn" : "info"](changed ? "rating recomputed: the stored figures were wrong" : "rating recomputed: the stored figures were right", { ...report });
  return report;
}
