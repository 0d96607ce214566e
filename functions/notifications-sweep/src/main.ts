import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { notificationSettings, notificationsEnv, type NotificationSettings } from "@chizze/services/notifications/config";
import { sweepNotifications } from "@chizze/services/notifications/sweep";

// Parsed once per warm runtime (style rule 6).
let settings: NotificationSettings | undefined;

export default defineFunction({
  id: "notifications-sweep",
  trigger: "schedule",
  handler: async (ctx) => {
    settings ??= notificationSettings(parseEnv(notificationsEnv, process.env));
    return ok(await sweepNotifications(depsFor(ctx), settings));
  },
});
