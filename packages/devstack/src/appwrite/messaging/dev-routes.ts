// GET /v1/_dev/outbox — DEVSTACK ONLY, not an Appwrite route: what the emulator "sent" (OTP SMS, pushes), newest
// first, so `npm run dev` users and tests can read OTP codes. Open on 127.0.0.1, like the rest of the devstack.
import type { AppwriteDeps } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { readOutbox } from "./outbox";

export function registerOutboxDevRoute(app: AppwriteApp, deps: AppwriteDeps): void {
  app.get("/v1/_dev/outbox", (c) => {
    const limitRaw = c.req.query("limit");
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppwriteError("general_argument_invalid", "Invalid `limit` param: Value must be a valid range between 1 and 1000");
    const channel = c.req.query("channel");
    if (channel !== undefined && channel !== "push" && channel !== "sms") throw new AppwriteError("general_argument_invalid", "Invalid `channel` param: Value must be one of (push, sms)");
    const messages = readOutbox(deps, { phone: c.req.query("phone"), userId: c.req.query("userId"), channel, limit });
    return c.json({ total: messages.length, messages });
  });
}
