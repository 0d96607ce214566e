// The invoice functions' own variables, parsed once per warm runtime at the function's boundary (style rule 6).
import { z } from "zod";
import { GSTIN_PATTERN } from "@chizze/schema";
import type { OperatorDetails } from "./document";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => (s ? s : undefined));

export const invoicesEnv = z.object({
  /** Chizze's legal name as registered for GST. */
  INVOICE_OPERATOR_NAME: z.string().trim().min(1).max(200).default("Chizze"),
  /** Chizze's GSTIN (the state registration that pays s.9(5) tax); required in production. */
  INVOICE_OPERATOR_GSTIN: z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? s : undefined))
    .pipe(z.string().regex(GSTIN_PATTERN, "INVOICE_OPERATOR_GSTIN is not a GSTIN").optional()),
  /** Chizze's registered address, printed on the invoice. */
  INVOICE_OPERATOR_ADDRESS: optionalText(600),
  /** Reliability tests only (ignored in production): `exit_after_row` kills the runtime after the invoice row commits. */
  INVOICES_FAULT: z
    .enum(["exit_after_row"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type InvoicesEnv = z.output<typeof invoicesEnv>;

/** Operator details from the parsed variables; a production runtime without a GSTIN refuses to issue invoices. */
export function operatorDetails(env: InvoicesEnv, chizzeEnv: string | undefined): OperatorDetails {
  if (!env.INVOICE_OPERATOR_GSTIN && chizzeEnv === "production") throw new Error("Invalid invoices configuration: INVOICE_OPERATOR_GSTIN");
  return { name: env.INVOICE_OPERATOR_NAME, address: env.INVOICE_OPERATOR_ADDRESS ?? null, gstin: env.INVOICE_OPERATOR_GSTIN ?? null };
}
