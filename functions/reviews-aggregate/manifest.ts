import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "reviews-aggregate",
  name: "Count new reviews into restaurant and partner ratings, exactly once",
  trigger: "event",
  events: ["databases.chizze.tables.reviews.rows.*.create"],
  // A hand-fired recompute pages through every counted review of a restaurant.
  timeout: 120,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});
