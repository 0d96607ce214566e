import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { cleanupDeliveryLocations, locationsCleanupEnv } from "@chizze/services/delivery/locations-cleanup";

// Parsed once per warm runtime (style rule 6); a bad value fails the run loudly instead of deleting on a guess.
let env: { LOCATION_RETENTION_HOURS: number } | undefined;

export default defineFunction({
  id: "delivery-locations-cleanup",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= parseEnv(locationsCleanupEnv, process.env);
    return ok(await cleanupDeliveryLocations(depsFor(ctx), { retentionHours: env.LOCATION_RETENTION_HOURS }));
  },
});
