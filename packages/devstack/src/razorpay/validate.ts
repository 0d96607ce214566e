// Request-field parsing with Razorpay's own validation messages, so callers see the errors they will see live.
import { createHash } from "node:crypto";
import { invalid } from "./errors";
import type { Notes, TransferRequest } from "./entities";

export type Body = Record<string, unknown>;

export function asBody(v: unknown): Body {
  if (v === undefined || v === null || v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw invalid("The request body must be a JSON object");
  return v as Body;
}

/** Integer paise. Razorpay accepts numbers and numeric strings; fractions are rejected. */
export function paise(v: unknown, field = "amount", { min = 100 }: { min?: number } = {}): number {
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (n === undefined || n === null || n === "") throw invalid(`The ${field} field is required.`, field);
  if (typeof n !== "number" || !Number.isFinite(n)) throw invalid(`The ${field} must be an integer.`, field);
  if (!Number.isInteger(n)) throw invalid(`The ${field} must be an integer.`, field);
  if (n < min) throw invalid(`The ${field} must be atleast INR ${(min / 100).toFixed(2)}`, field);
  return n;
}

export function currency(v: unknown, field = "currency"): "INR" {
  if (v === undefined || v === null || v === "INR") return "INR";
  throw invalid("The currency should be INR (the double supports INR only)", field);
}

/** Razorpay: at most 15 notes, each value at most 256 characters. Empty notes come back as []. */
export function notes(v: unknown, field = "notes"): Notes {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return [];
  if (typeof v !== "object" || Array.isArray(v)) throw invalid("The notes field must be an object", field);
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > 15) throw invalid("Number of notes should not exceed 15", field);
  const out: Record<string, string | number> = {};
  for (const [k, val] of entries) {
    if (typeof val !== "string" && typeof val !== "number") throw invalid(`notes.${k} must be a string or number`, field);
    if (String(val).length > 256) throw invalid("Notes value should not exceed 256 characters", field);
    out[k] = val;
  }
  return entries.length === 0 ? [] : out;
}

export function optionalString(v: unknown, field: string, maxLength: number, tooLong: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw invalid(`The ${field} must be a string.`, field);
  if (v.length > maxLength) throw invalid(tooLong, field);
  return v;
}

/** Razorpay takes 1/0, "1"/"0", true/false. */
export function flag(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  return v === true || v === 1 || v === "1" || v === "true";
}

export function transferRequests(v: unknown, field = "transfers"): TransferRequest[] {
  if (!Array.isArray(v) || v.length === 0) throw invalid("The transfers field is required.", field);
  return v.map((raw: unknown, i): TransferRequest => {
    const t = asBody(raw);
    const account = t.account;
    if (typeof account !== "string" || !/^acc_[A-Za-z0-9]+$/.test(account)) {
      throw invalid("The account id provided is invalid", `${field}[${i}].account`);
    }
    const onHoldUntil = t.on_hold_until;
    if (onHoldUntil !== undefined && onHoldUntil !== null && !Number.isInteger(onHoldUntil)) {
      throw invalid("on_hold_until must be a Unix timestamp", `${field}[${i}].on_hold_until`);
    }
    const linked = t.linked_account_notes;
    if (linked !== undefined && !(Array.isArray(linked) && linked.every((x) => typeof x === "string"))) {
      throw invalid("linked_account_notes must be a list of note keys", `${field}[${i}].linked_account_notes`);
    }
    return {
      account,
      amount: paise(t.amount, "amount", { min: 1 }),
      currency: currency(t.currency),
      notes: notes(t.notes),
      linked_account_notes: linked ?? [],
      on_hold: flag(t.on_hold, false),
      on_hold_until: (onHoldUntil as number | null | undefined) ?? null,
    };
  });
}

/** Idempotency keys: Razorpay asks for 10+ characters of [A-Za-z0-9_-]. */
export function idempotencyKey(v: string | undefined, header: string): string | undefined {
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{10,}$/.test(v)) throw invalid(`${header} must be at least 10 characters of [A-Za-z0-9_-]`, header);
  return v;
}

/** Canonical JSON (sorted keys) hash: "the same body" regardless of key order. */
export function fingerprint(v: unknown): string {
  return createHash("sha256").update(canonical(v)).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
