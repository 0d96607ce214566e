// The notification functions' own variables, parsed once per warm runtime at the function's boundary (style rule 6).
import { z } from "zod";

const csvIds = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/)).max(50));

export const notificationsEnv = z.object({
  /** Appwrite user ids of the ops people told when the platform gives up on an order (comma-separated); empty = nobody. */
  NOTIFY_OPS_USER_IDS: csvIds.optional(),
});

export interface NotificationSettings {
  opsUserIds: readonly string[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { opsUserIds: [] };

export function notificationSettings(env: z.output<typeof notificationsEnv>): NotificationSettings {
  return { opsUserIds: env.NOTIFY_OPS_USER_IDS ?? [] };
}
