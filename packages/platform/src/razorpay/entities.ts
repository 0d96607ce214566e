// The parts of Razorpay's entities Chizze relies on, as zod schemas (loose: Razorpay adds fields freely, we ignore
// them). Used to check SDK answers and webhook payloads alike. Amounts are paise, times Unix seconds. Workers-safe.
import { z } from "zod";

/** Razorpay answers `notes: []` (a PHP-ism) when none were set; normalised to {}. */
export const Notes = z
  .union([z.record(z.string(), z.union([z.string(), z.number()])), z.array(z.never()).length(0)])
  .nullish()
  .transform((n): Record<string, string> => (n && !Array.isArray(n) ? Object.fromEntries(Object.entries(n).map(([k, v]) => [k, String(v)])) : {}));

const paise = z.number().int().nonnegative();

export const GatewayOrder = z.looseObject({
  id: z.string().startsWith("order_"),
  entity: z.literal("order"),
  amount: paise,
  amount_paid: paise,
  amount_due: paise,
  currency: z.string(),
  receipt: z.string().nullable(),
  status: z.enum(["created", "attempted", "paid"]),
  attempts: z.number().int(),
  notes: Notes,
  created_at: z.number().int(),
});
export type GatewayOrder = z.infer<typeof GatewayOrder>;

export const GatewayPayment = z.looseObject({
  id: z.string().startsWith("pay_"),
  entity: z.literal("payment"),
  amount: paise,
  currency: z.string(),
  status: z.enum(["created", "authorized", "captured", "refunded", "failed"]),
  order_id: z.string().nullable(),
  method: z.string(),
  captured: z.boolean(),
  amount_refunded: paise,
  refund_status: z.enum(["partial", "full"]).nullable(),
  fee: z.number().int().nullish(),
  tax: z.number().int().nullish(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  notes: Notes,
  created_at: z.number().int(),
});
export type GatewayPayment = z.infer<typeof GatewayPayment>;

export const GatewayRefund = z.looseObject({
  id: z.string().startsWith("rfnd_"),
  entity: z.literal("refund"),
  amount: paise,
  currency: z.string(),
  payment_id: z.string(),
  status: z.enum(["pending", "processed", "failed"]),
  speed_processed: z.string().nullish(),
  speed_requested: z.string().nullish(),
  receipt: z.string().nullish(),
  notes: Notes,
  created_at: z.number().int(),
});
export type GatewayRefund = z.infer<typeof GatewayRefund>;

export const GatewayTransfer = z.looseObject({
  id: z.string().startsWith("trf_"),
  entity: z.literal("transfer"),
  status: z.string(),
  source: z.string(),
  recipient: z.string(),
  amount: paise,
  currency: z.string(),
  on_hold: z.boolean().optional(),
  notes: Notes,
  created_at: z.number().int(),
  /** Paise taken back by reversals (Route); absent on older API answers. */
  amount_reversed: paise.optional(),
});
export type GatewayTransfer = z.infer<typeof GatewayTransfer>;

export const collectionOf = <T extends z.ZodType>(item: T) => z.looseObject({ entity: z.literal("collection"), count: z.number().int(), items: z.array(item) });
