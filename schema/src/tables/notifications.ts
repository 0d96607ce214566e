// Read by: the recipient (row permission: the app's inbox, live via Realtime) and admins. event_key is unique
// so a DB event delivered twice sends one notification, not two.
import { ADMIN_READ } from "../access";
import { CODE_PATTERN, NotificationDataDoc } from "../documents";
import { datetime, defineTable, desc, enumeration, id, idx, json, string } from "../dsl";
import { LANGUAGES, NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from "../enums";

export const notifications = defineTable({
  id: "notifications",
  name: "Notifications",
  description: "Push/SMS/in-app messages to users, deduplicated by the event that caused them.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true }),
    event_key: string(128, { required: true, description: "Cause + recipient, e.g. order:<id>:accepted:<userId>" }),
    kind: string(48, { required: true, pattern: CODE_PATTERN, description: "order_accepted, order_delivered …" }),
    title: string(128, { required: true }),
    message: string(500, { required: true, description: "Body text (`body` is an SQL keyword)" }),
    data: json(2_000, { shape: NotificationDataDoc, description: "Deep-link payload" }),
    channel: enumeration(NOTIFICATION_CHANNELS, { required: true }),
    language: enumeration(LANGUAGES, { default: "en" }),
    status: enumeration(NOTIFICATION_STATUSES, { required: true }),
    provider_message_id: string(64, { description: "Appwrite Messaging message id" }),
    error: string(255),
    created_at: datetime({ required: true }),
    sent_at: datetime(),
    read_at: datetime(),
  },
  indexes: [
    idx.unique("uniq_event_key", ["event_key"]),
    idx.key("idx_user_created", ["user_id", desc("created_at")]),
    idx.key("idx_status_created", ["status", "created_at"]),
  ],
});
