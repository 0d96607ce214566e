import { defineManifest } from "@chizze/function-kit";

export default defineManifest({
  id: "health",
  name: "Health",
  trigger: "http",
  timeout: 5,
  scopes: [],
  variables: ["CHIZZE_ENV", "RELEASE", "SENTRY_DSN"],
});
