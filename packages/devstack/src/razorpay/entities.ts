// Razorpay entities as the API returns them (the fields our code and the SDK types read). Amounts are integer paise,
// timestamps Unix seconds, as on the wire.

/** Razorpay returns `notes: []` (an empty JSON array, a PHP-ism) when no notes were set. */
export type Notes = Record<string, string | number> | [];

export interface Order {
  id: string;
  entity: "order";
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: "INR";
  receipt: string | null;
  offer_id: null;
  status: "created" | "attempted" | "paid";
  attempts: number;
  notes: Notes;
  created_at: number;
  partial_payment?: boolean;
}

export type PaymentMethod = "card" | "upi" | "netbanking" | "wallet";

export interface Payment {
  id: string;
  entity: "payment";
  amount: number;
  currency: "INR";
  status: "created" | "authorized" | "captured" | "refunded" | "failed";
  order_id: string;
  invoice_id: null;
  international: boolean;
  method: PaymentMethod;
  amount_refunded: number;
  refund_status: null | "partial" | "full";
  captured: boolean;
  description: string | null;
  card_id: string | null;
  bank: string | null;
  wallet: string | null;
  vpa: string | null;
  email: string;
  contact: string;
  notes: Notes;
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: Record<string, string | null>;
  created_at: number;
}

export interface Refund {
  id: string;
  entity: "refund";
  amount: number;
  currency: "INR";
  payment_id: string;
  notes: Notes;
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: "pending" | "processed" | "failed";
  speed_processed: "normal" | "instant";
  speed_requested: "normal" | "optimum";
}

export interface TransferError {
  code: string | null;
  description: string | null;
  reason: string | null;
  field: string | null;
  step: string | null;
  id: string;
  source: string | null;
  metadata: null;
}

export interface Transfer {
  id: string;
  entity: "transfer";
  status: "created" | "pending" | "processed" | "failed" | "reversed" | "partially_reversed";
  /** pay_… (from a payment), order_… (from an order's `transfers`), or the merchant's acc_… (direct). */
  source: string;
  recipient: string;
  amount: number;
  currency: "INR";
  amount_reversed: number;
  fees: number;
  tax: number;
  notes: Notes;
  linked_account_notes: string[];
  on_hold: boolean;
  on_hold_until: number | null;
  recipient_settlement_id: null;
  created_at: number;
  processed_at: number | null;
  error: TransferError;
}

export interface Collection<T> {
  entity: "collection";
  count: number;
  items: T[];
}

export function collection<T>(items: T[]): Collection<T> {
  return { entity: "collection", count: items.length, items };
}

/** A transfer as requested in `orders.create({ transfers })` or `payments.transfer(id, { transfers })`. */
export interface TransferRequest {
  account: string;
  amount: number;
  currency: "INR";
  notes: Notes;
  linked_account_notes: string[];
  on_hold: boolean;
  on_hold_until: number | null;
}
