import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "analytics-aggregate",
  name: "Hourly analytics: per-restaurant daily figures and platform SLOs, recomputed",
  trigger: "schedule",
  // Hourly, a few minutes past the hour so the hour just ended has settled (transactions in flight at :00 committed).
  schedule: "7 * * * *",
  // Reads two IST days of orders (up to ~100 k rows at the design's peak) in pages of 1,000.
  timeout: 600,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES, "ANALYTICS_LOOKBACK_DAYS", "ANALYTICS_FAULT"],
});
