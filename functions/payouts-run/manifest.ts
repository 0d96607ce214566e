import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "payouts-run",
  name: "Daily payouts: restaurant settlements and partner earnings by Razorpay Route",
  trigger: "schedule",
  // 21:00 UTC = 02:30 IST: the IST business day closed 2.5 h ago (transitions committed around midnight are in),
  // off the top of the hour when the hourly jobs start, and transfers land before restaurants open.
  schedule: "0 21 * * *",
  // Appwrite's maximum; the run is bounded by payees, not by time (the lease in packages/services/src/payouts/lease.ts
  // lasts this long plus a margin).
  timeout: 900,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES, "PAYOUT_RECONCILE_DAYS", "PAYOUTS_FAULT"],
});
