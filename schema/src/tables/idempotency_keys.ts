// Read by: admins only. The durable twin of the Redis claim (reliability note §5): row id = key_hash =
// first 32 hex of sha256(user|route|Idempotency-Key). Creating it again gives 409 even if Redis lost the claim.
// Rows are deleted by a schedule after expires_at (24 h, api.md).
import { ADMIN_READ } from "../access";
import { JsonObjectDoc, SHA256_HEX_PATTERN } from "../documents";
import { datetime, defineTable, enumeration, id, idx, integer, json, string } from "../dsl";
import { IDEMPOTENCY_STATUSES } from "../enums";

export const idempotencyKeys = defineTable({
  id: "idempotency_keys",
  name: "Idempotency keys",
  description: "Stored first responses of unsafe requests, replayed on retry with the same key and body.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    key_hash: string(32, { required: true, pattern: /^[0-9a-f]{32}$/, description: "Equals the row id" }),
    user_id: id({ required: true }),
    route: string(64, { required: true, description: "Route id, e.g. orders.place" }),
    fingerprint: string(64, { required: true, pattern: SHA256_HEX_PATTERN, description: "sha256 of the canonical request body" }),
    status: enumeration(IDEMPOTENCY_STATUSES, { required: true }),
    response_status: integer({ min: 100, max: 599 }),
    response_body: json(65_535, { shape: JsonObjectDoc }),
    resource_id: id({ description: "What the request created (e.g. the order id)" }),
    created_at: datetime({ required: true }),
    expires_at: datetime({ required: true }),
  },
  indexes: [idx.unique("uniq_key_hash", ["key_hash"]), idx.key("idx_expires", ["expires_at"])],
});
