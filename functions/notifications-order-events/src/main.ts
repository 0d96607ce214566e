import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { notificationSettings, notificationsEnv, type NotificationSettings } from "@chizze/services/notifications/config";
import { OrderEventRowInput, notifyOrderEventRow } from "@chizze/services/notifications/order-events";

// Parsed once per warm runtime (style rule 6).
let settings: NotificationSettings | undefined;

export default defineFunction({
  id: "notifications-order-events",
  trigger: "event",
  input: OrderEventRowInput,
  handler: async (ctx) => {
    settings ??= notificationSettings(parseEnv(notificationsEnv, process.env));
    return ok(await notifyOrderEventRow(depsFor(ctx), settings, ctx.event, ctx.payload));
  },
});
