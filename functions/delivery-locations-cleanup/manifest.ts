import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-locations-cleanup",
  name: "Delete old rider positions and rebuild the partner GEO index",
  trigger: "schedule",
  // Hourly, off the top of the hour when other jobs start.
  schedule: "17 * * * *",
  timeout: 300,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES, "LOCATION_RETENTION_HOURS"],
});
