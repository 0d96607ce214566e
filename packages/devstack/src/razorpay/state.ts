// The double's whole world, in memory and inspectable by tests; optionally mirrored to a JSON file so a dev stack
// keeps its orders across restarts.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Order, Payment, Refund, Transfer, TransferRequest } from "./entities";

/** What the API does not show about an order but the double needs. */
export interface OrderSettings {
  /** payment_capture: true = capture on authorisation (Razorpay's default for orders), false = manual capture. */
  autoCapture: boolean;
  /** `transfers` from orders.create: created when the order is paid. */
  transfers: TransferRequest[];
}

/** A remembered idempotent request: same key + same body → same answer; different body → 400. */
export interface IdempotencyRecord {
  fingerprint: string;
  entityId: string;
}

/** One API call as the double saw it (auth failures included). */
export interface CallRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface Snapshot {
  orders: Order[];
  orderSettings: [string, OrderSettings][];
  payments: Payment[];
  refunds: Refund[];
  transfers: Transfer[];
  idempotency: [string, IdempotencyRecord][];
}

export class RazorpayState {
  readonly orders = new Map<string, Order>();
  readonly orderSettings = new Map<string, OrderSettings>();
  readonly payments = new Map<string, Payment>();
  readonly refunds = new Map<string, Refund>();
  readonly transfers = new Map<string, Transfer>();
  /** Keyed by "<scope>:<key>", e.g. "refund:pay_…:<X-Refund-Idempotency>". */
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly calls: CallRecord[] = [];

  constructor(private readonly persistPath?: string) {
    if (persistPath && existsSync(persistPath)) this.load(persistPath);
  }

  paymentsOf(orderId: string): Payment[] {
    return [...this.payments.values()].filter((p) => p.order_id === orderId);
  }

  refundsOf(paymentId: string): Refund[] {
    return [...this.refunds.values()].filter((r) => r.payment_id === paymentId);
  }

  transfersFrom(source: string): Transfer[] {
    return [...this.transfers.values()].filter((t) => t.source === source);
  }

  /** Called after every mutation. Write-then-rename, so a crash never leaves half a file. */
  save(): void {
    if (!this.persistPath) return;
    const snapshot: Snapshot = {
      orders: [...this.orders.values()],
      orderSettings: [...this.orderSettings],
      payments: [...this.payments.values()],
      refunds: [...this.refunds.values()],
      transfers: [...this.transfers.values()],
      idempotency: [...this.idempotency],
    };
    const tmp = `${this.persistPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot, null, 2));
    renameSync(tmp, this.persistPath);
  }

  private load(path: string): void {
    const s = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
    for (const o of s.orders) this.orders.set(o.id, o);
    for (const [id, v] of s.orderSettings) this.orderSettings.set(id, v);
    for (const p of s.payments) this.payments.set(p.id, p);
    for (const r of s.refunds) this.refunds.set(r.id, r);
    for (const t of s.transfers) this.transfers.set(t.id, t);
    for (const [k, v] of s.idempotency) this.idempotency.set(k, v);
  }
}
