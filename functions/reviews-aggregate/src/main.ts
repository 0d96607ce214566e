import { defineFunction, ok } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { aggregateReviewRow } from "@chizze/services/reviews/aggregate";
import { ReviewsAggregateInput, isRecomputeRequest, recomputeRating } from "@chizze/services/reviews/recompute";

export default defineFunction({
  id: "reviews-aggregate",
  trigger: "event",
  input: ReviewsAggregateInput,
  handler: async (ctx) => {
    const deps = depsFor(ctx);
    return ok(isRecomputeRequest(ctx.payload) ? await recomputeRating(deps, ctx.payload.recompute) : await aggregateReviewRow(deps, ctx.event, ctx.payload));
  },
});
