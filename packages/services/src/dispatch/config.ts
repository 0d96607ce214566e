// Dispatch settings, parsed once per warm runtime at the function's boundary (style rule 6) and passed to the verbs
// that make offers (dispatch-start, dispatch-sweeper, delivery-offers-reject).
import { z } from "zod";
import { DEFAULT_DISPATCH_CONFIG, offerTimeoutSec, type DispatchConfig } from "@chizze/core";

const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/)).max(50));

/** The dispatch functions' own variables. */
export const dispatchEnv = z.object({
  /** Seconds a partner has to accept an offer; core clamps it to 30–45 (default 35). */
  DISPATCH_OFFER_TIMEOUT_SEC: z.coerce.number().int().min(1).max(3_600).default(DEFAULT_DISPATCH_CONFIG.offerTimeoutSec),
  /** Appwrite user ids of the ops people pushed when an order escalates (comma-separated); empty = log only. */
  DISPATCH_ESCALATION_USER_IDS: csv.optional(),
});

export interface DispatchSettings {
  config: DispatchConfig;
  /** Ops users told about escalated orders. */
  escalateTo: readonly string[];
}

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = { config: DEFAULT_DISPATCH_CONFIG, escalateTo: [] };

/** Settings from the parsed variables; the timeout is clamped here so every reader sees the value in force. */
export function dispatchSettings(env: z.output<typeof dispatchEnv>): DispatchSettings {
  const config = { ...DEFAULT_DISPATCH_CONFIG, offerTimeoutSec: env.DISPATCH_OFFER_TIMEOUT_SEC };
  return { config: { ...config, offerTimeoutSec: offerTimeoutSec(config) }, escalateTo: env.DISPATCH_ESCALATION_USER_IDS ?? [] };
}
