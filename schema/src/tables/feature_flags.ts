// Read by: admins only. Apps get the flags that apply to them from GET /app-config (a function evaluates
// rollout and platform rules), so rollout details and unreleased flag names stay private.
import { ADMIN_READ } from "../access";
import { FLAG_KEY_PATTERN, SEMVER_PATTERN } from "../documents";
import { boolean, defineTable, enumArray, id, idx, integer, string } from "../dsl";
import { PLATFORMS } from "../enums";

export const featureFlags = defineTable({
  id: "feature_flags",
  name: "Feature flags",
  description: "Runtime switches with percentage rollout.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    flag_key: string(64, { required: true, pattern: FLAG_KEY_PATTERN, description: "The flag's key (`key` is an SQL keyword)" }),
    description: string(500),
    enabled: boolean({ default: false }),
    rollout_bps: integer({ min: 0, max: 10_000, default: 0, description: "Share of users (by stable hash) who get it" }),
    platforms: enumArray(PLATFORMS, { description: "Empty or null = all platforms" }),
    min_app_version: string(20, { pattern: SEMVER_PATTERN }),
    updated_by: id(),
  },
  indexes: [idx.unique("uniq_flag_key", ["flag_key"])],
});
