// A rating aggregate as the rows keep it — `rating` (the mean) and `rating_count` — read back as an exact integer
// tally (count, sum of stars), and recounted from the reviews when the stored pair cannot be such a tally.
//
// Why the stored pair is exact without a sum column: every rating is a whole number of stars, so the sum is an
// integer, and `rating` is the double nearest sum / count. rating × count is then within count · 2⁻⁵² · 5 of the
// sum (far below 0.5 for any realistic count), so rounding recovers the sum exactly, and the next mean is computed
// from integers again: no error accumulates however many reviews are added.
import { Query } from "node-appwrite";
import { T } from "@chizze/schema";
import type { Deps } from "../deps";
import { listSelected } from "../catalog/pages";

export interface Tally {
  count: number;
  /** Sum of the star ratings counted. */
  sum: number;
}

export const EMPTY_TALLY: Tally = { count: 0, sum: 0 };

/** How far rating × count may be from a whole number and still be read as one (rounding error, not drift). */
const SUM_TOLERANCE = 1e-6;

/**
 * The tally a stored (rating, rating_count) pair stands for, or null when no set of 1–5 star ratings has that mean
 * and count: drift (a hand edit, seeded figures, a bug) that only a recount from the reviews can repair.
 * @example tallyOf(4.25, 4) // { count: 4, sum: 17 }
 * @example tallyOf(4.6, 12) // null — 55.2 stars is not a sum of whole stars
 */
export function tallyOf(rating: number | null | undefined, count: number | null | undefined): Tally | null {
  const n = count ?? 0;
  const mean = rating ?? 0;
  if (!Number.isInteger(n) || n < 0) return null;
  if (n === 0) return mean === 0 ? EMPTY_TALLY : null;
  const raw = mean * n;
  const sum = Math.round(raw);
  if (Math.abs(raw - sum) > SUM_TOLERANCE || sum < n || sum > 5 * n) return null;
  return { count: n, sum };
}

/** The tally with one more rating of `stars`. */
export function withRating(t: Tally, stars: number): Tally {
  return { count: t.count + 1, sum: t.sum + stars };
}

/** The columns to store: the mean as the double nearest sum / count (0 with no ratings, the column default). */
export function columnsOf(t: Tally): { rating: number; rating_count: number } {
  return { rating: t.count === 0 ? 0 : t.sum / t.count, rating_count: t.count };
}

/** Most reviews a recount reads in one execution; past it the recount refuses rather than store a partial figure. */
export const MAX_RECOUNT_REVIEWS = 200_000;
const RECOUNT_PAGE = 1_000;
const FOOD = T.reviews.row.pick({ $id: true, food_rating: true });
const DELIVERY = T.reviews.row.pick({ $id: true, delivery_rating: true });

export type RatedBy = { restaurantId: string } | { partnerId: string };

/**
 * Recounts from the reviews already counted (`aggregated_at` set) — the set the stored aggregate is meant to
 * describe, because the marker and the aggregate are written in one transaction. Reviews not yet counted are left
 * to their own aggregation (or recomputeRating's sweep), so a recount never counts one twice.
 * Reads only $id and the star column, RECOUNT_PAGE rows a page; throws past MAX_RECOUNT_REVIEWS.
 */
export async function recountCounted(deps: Deps, by: RatedBy): Promise<Tally> {
  const counted = Query.isNotNull("aggregated_at");
  const opts = {
    max: MAX_RECOUNT_REVIEWS + 1,
    pageSize: RECOUNT_PAGE,
    strict: deps.config.strictRows,
    onDrift: (rowId: string) => deps.log.warn("row drift", { table: T.reviews.id, row: rowId }),
  };
  const stars =
    "restaurantId" in by
      ? (await listSelected(deps.tablesDB, T.reviews, FOOD, [Query.equal("restaurant_id", by.restaurantId), counted], ["$id", "food_rating"], opts)).map((r) => r.food_rating)
      : (await listSelected(deps.tablesDB, T.reviews, DELIVERY, [Query.equal("delivery_partner_id", by.partnerId), Query.isNotNull("delivery_rating"), counted], ["$id", "delivery_rating"], opts)).map(
          (r) => r.delivery_rating,
        );
  if (stars.length > MAX_RECOUNT_REVIEWS) throw new Error(`more than ${MAX_RECOUNT_REVIEWS} reviews to recount for ${JSON.stringify(by)}`);
  return stars.reduce<Tally>((t, s) => (typeof s === "number" ? withRating(t, s) : t), EMPTY_TALLY);
}
