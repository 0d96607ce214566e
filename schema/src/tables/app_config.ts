// Read by: anyone (public: GET /app-config, cached 60 s; apps below min_version get 426 with store_url).
// kill_switch_orders stops order intake without a deploy (reliability note §1.5).
import { PUBLIC_READ } from "../access";
import { SEMVER_PATTERN } from "../documents";
import { boolean, defineTable, enumeration, id, idx, string, url } from "../dsl";
import { PLATFORMS } from "../enums";

export const appConfig = defineTable({
  id: "app_config",
  name: "App config",
  description: "Per-platform minimum versions, kill switch and maintenance message.",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    platform: enumeration(PLATFORMS, { required: true }),
    min_version: string(20, { required: true, pattern: SEMVER_PATTERN }),
    latest_version: string(20, { required: true, pattern: SEMVER_PATTERN }),
    store_url: url({ required: true }),
    kill_switch_orders: boolean({ default: false }),
    maintenance_message: string(500),
    updated_by: id(),
  },
  indexes: [idx.unique("uniq_platform", ["platform"])],
});
