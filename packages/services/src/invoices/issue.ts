// invoices-issue: the GST invoice of a delivered order, exactly once, numbered without gaps per financial year.
//
// 1. The invoice row (id from the order id, unique order_id) and the year's counter move together in ONE transaction:
//    the counter row `invoice:<FY>` is read inside it (a concurrent issuer changing it fails this commit, which then
//    re-reads), the row takes serial value + 1, and the counter is incremented with the bound `≤ value + 1`, so even a
//    writer the read check missed cannot make two invoices share a serial. A rolled-back or failed transaction
//    consumes nothing: no gaps. Concurrent deliveries contend on the counter row and retry with jitter.
// 2. Then the PDF is rendered from the row's frozen document and uploaded with the row id as file id (files.ts).
//    A crash between 1 and 2 leaves a row without a file: the next event for the order, a replay, or the hourly
//    invoices-sweep finds the row and only makes the file.
import { z } from "zod";
import { T, rowPermissions } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { BoundExceeded, Conflict } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { buildInvoiceDocument, type OperatorDetails } from "./document";
import { ensureInvoiceFile } from "./files";
import { counterIdFor, counterNameFor, financialYearOf, invoiceIdFor, invoiceNumberFor } from "./numbering";

/** The part of an orders row event payload (the row JSON) this verb reads. */
export const OrderRowEvent = z.looseObject({
  $id: z.string().min(1).max(36),
  $tableId: z.string().optional(),
  $collectionId: z.string().optional(),
  status: z.string().optional(),
});
export type OrderRowEvent = z.infer<typeof OrderRowEvent>;

const EVENT = /^(?:databases|tablesdb)\.[^.]+\.(?:tables|collections)\.([^.]+)\.(?:rows|documents)\.[^.]+\.[a-z]+$/;

/**
 * Every delivery of one FY contends on its counter row, so the transaction retries far more than the platform's
 * default 5 (30 deliveries at once on the devstack commit with a few hundred retries in all).
 */
export const ISSUE_TX = { maxAttempts: 60, backoff: { baseMs: 10, maxMs: 400 } } as const;

export interface IssueOptions {
  operator: OperatorDetails;
  /** Fault injection for reliability tests: runs after the row commits, before the file is made. */
  afterRowCommitted?: (invoiceId: string) => void | Promise<void>;
}

export type InvoiceIssue =
  | { outcome: "issued" | "existing"; orderId: string; invoiceId: string; invoiceNumber: string; seq: number; fileId: string; fileCreated: boolean }
  | { outcome: "ignored"; reason: string };

/** Entry for the orders update event (or a hand-fired replay with the row JSON): acts only on delivered orders. */
export async function issueInvoiceForOrderRow(deps: Deps, event: string, row: OrderRowEvent, opts: IssueOptions): Promise<InvoiceIssue> {
  const table = row.$tableId ?? row.$collectionId ?? EVENT.exec(event)?.[1];
  if (table !== undefined && table !== T.orders.id) return { outcome: "ignored", reason: `not an order row: ${table}` };
  // Most order updates are not deliveries: answer them from the payload without a read.
  if (row.status !== undefined && row.status !== "delivered") return { outcome: "ignored", reason: `order is ${row.status}` };
  return issueInvoice(deps, row.$id, opts);
}

/** Thrown inside the transaction when the year's counter row does not exist yet; it is created outside, then retried. */
class CounterMissing extends Error {}

/** Issues the order's invoice if it has none, and makes its PDF if that is missing. */
export async function issueInvoice(deps: Deps, orderId: string, opts: IssueOptions): Promise<InvoiceIssue> {
  const invoiceId = invoiceIdFor(orderId);
  let row = await deps.db.invoices.get(invoiceId);
  let outcome: "issued" | "existing" = "existing";
  if (!row) {
    const order = await deps.db.orders.get(orderId);
    if (!order) return { outcome: "ignored", reason: `no order ${orderId}` };
    if (order.status !== "delivered" || !order.delivered_at) return { outcome: "ignored", reason: `order is ${order.status}` };
    const [restaurant, profile] = await Promise.all([deps.db.restaurants.get(order.restaurant_id), deps.db.profiles.get(order.customer_id)]);
    const financialYear = financialYearOf(new Date(order.delivered_at));
    const counterId = counterIdFor(financialYear);
    const issuedAt = deps.now().toISOString();

    const commit = () =>
      withTransaction(
        deps.tablesDB,
        async (tx) => {
          // The counter first: a concurrent issuer committing after this read fails our commit, whichever order's
          // row it wrote (a read of an absent row may not be tracked).
          const counter = await tx.get(T.counters, counterId);
          if (await tx.get(T.invoices, invoiceId)) return false;
          if (!counter) throw new CounterMissing();
          const seq = counter.value + 1;
          const invoiceNumber = invoiceNumberFor(financialYear, seq);
          const document = buildInvoiceDocument({ order, restaurant, operator: opts.operator, customerName: profile?.name ?? null, number: invoiceNumber, financialYear, date: new Date(order.delivered_at!).toISOString() });
          tx.create(
            T.invoices,
            invoiceId,
            {
              order_id: order.$id,
              customer_id: order.customer_id,
              restaurant_id: order.restaurant_id,
              invoice_number: invoiceNumber,
              financial_year: financialYear,
              seq,
              supplier_gstin: restaurant?.gstin ?? null,
              place_of_supply: document.placeOfSupply.stateCode,
              food_taxable_paise: document.totals.foodTaxablePaise,
              gst_food_paise: document.totals.gstFoodPaise,
              fees_taxable_paise: document.totals.feesTaxablePaise,
              gst_fees_paise: document.totals.gstFeesPaise,
              total_paise: document.totals.totalPaise,
              file_id: null,
              document: JSON.stringify(document),
              issued_at: issuedAt,
            },
            rowPermissions.customer(order.customer_id),
          );
          tx.increment(T.counters, counterId, "value", 1, { max: seq });
          return true;
        },
        { ...ISSUE_TX, onRetry: (attempt) => deps.log.info("invoice numbering retried after a conflict", { orderId, attempt }) },
      );

    for (let round = 1; ; round++) {
      try {
        if (await commit()) outcome = "issued";
        break;
      } catch (err) {
        if (err instanceof CounterMissing && round <= 3) {
          await ensureCounter(deps, counterId, financialYear);
          continue;
        }
        // Nothing was applied. BoundExceeded: the bound caught a counter writer the read check did not. Conflict: a
        // concurrent issuer of the same order committed its row first (the commit may report the duplicate id before
        // the changed reads). Either way, number again from fresh reads — the next round finds the row if it exists.
        if ((err instanceof BoundExceeded || err instanceof Conflict) && round <= 10) continue;
        throw err;
      }
    }
    const committed = await deps.db.invoices.get(invoiceId);
    // Only a hand deletion between the commit and this read could do this; the next event or sweep starts over.
    if (!committed) throw new Error(`invoice ${invoiceId} of order ${orderId} vanished after its commit`);
    row = committed;
    if (outcome === "issued") {
      deps.log.info("invoice issued", { orderId, invoiceId, invoiceNumber: row.invoice_number, seq: row.seq, financialYear });
      await opts.afterRowCommitted?.(invoiceId);
    }
  }
  const file = await ensureInvoiceFile(deps, row);
  if (file.created && outcome === "existing") deps.log.warn("invoice file was missing; made it", { orderId, invoiceId });
  return { outcome, orderId, invoiceId, invoiceNumber: row.invoice_number, seq: row.seq, fileId: file.fileId, fileCreated: file.created };
}

/** Creates the year's counter at 0 (no number used); a concurrent creator's Conflict means it exists. */
async function ensureCounter(deps: Deps, counterId: string, financialYear: string): Promise<void> {
  try {
    await deps.db.counters.create(counterId, { name: counterNameFor(financialYear), value: 0 });
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
}
