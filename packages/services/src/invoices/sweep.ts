// invoices-sweep (hourly): the safety net under the event. Appwrite delivers an event once and does not retry a
// failed execution, so an order whose event was lost, or whose issuer died between the invoice row and its PDF, would
// stay without an invoice. The sweep pages through the delivered orders placed in the last INVOICE_SWEEP_HOURS
// (index idx_status_placed), looks up their invoices in batches, and runs the same idempotent issueInvoice for each
// order that has no invoice or no file. Bounded per run; `more` says the bound stopped it.
import { Query } from "node-appwrite";
import { z } from "zod";
import { T } from "@chizze/schema";
import type { Deps } from "../deps";
import { listSelected } from "../catalog/pages";
import { issueInvoice, type IssueOptions } from "./issue";

export const invoicesSweepEnv = z.object({
  INVOICE_SWEEP_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
});

/** Delivered orders examined per run, and invoices issued or repaired per run. */
export const SWEEP_MAX_ORDERS = 50_000;
export const SWEEP_MAX_REPAIRS = 500;
const BATCH = 100;

export interface InvoiceSweepReport {
  since: string;
  examined: number;
  issued: number;
  filesMade: number;
  failed: number;
  more: boolean;
}

const OrderIds = z.object({ $id: z.string() });
const InvoiceRefs = z.object({ order_id: z.string(), file_id: z.string().nullable().optional() });

export async function sweepInvoices(deps: Deps, opts: IssueOptions & { hours: number; maxOrders?: number; maxRepairs?: number }): Promise<InvoiceSweepReport> {
  const since = new Date(deps.now().getTime() - opts.hours * 3_600_000).toISOString();
  const maxOrders = opts.maxOrders ?? SWEEP_MAX_ORDERS;
  const strict = deps.config.strictRows;
  const orders = await listSelected(deps.tablesDB, T.orders, OrderIds, [Query.equal("status", "delivered"), Query.greaterThanEqual("placed_at", since), Query.orderAsc("placed_at")], ["$id"], { max: maxOrders + 1, pageSize: 500, strict });
  const report: InvoiceSweepReport = { since, examined: Math.min(orders.length, maxOrders), issued: 0, filesMade: 0, failed: 0, more: orders.length > maxOrders };

  const due: string[] = [];
  for (let i = 0; i < report.examined; i += BATCH) {
    const ids = orders.slice(i, i + BATCH).map((o) => o.$id);
    const invoices = await listSelected(deps.tablesDB, T.invoices, InvoiceRefs, [Query.equal("order_id", ids)], ["order_id", "file_id"], { max: ids.length, pageSize: ids.length, strict });
    const done = new Set(invoices.filter((v) => v.file_id).map((v) => v.order_id));
    due.push(...ids.filter((id) => !done.has(id)));
  }
  const maxRepairs = opts.maxRepairs ?? SWEEP_MAX_REPAIRS;
  if (due.length > maxRepairs) report.more = true;
  for (const orderId of due.slice(0, maxRepairs)) {
    try {
      const r = await issueInvoice(deps, orderId, opts);
      if (r.outcome === "issued") report.issued++;
      else if (r.outcome === "existing" && r.fileCreated) report.filesMade++;
    } catch (err) {
      // One bad order (a corrupt amount) must not stop the others; it is logged and tried again next hour.
      report.failed++;
      deps.log.error("invoice sweep could not issue an invoice", { orderId, error: String(err) });
    }
  }
  deps.log.info("invoice sweep done", { ...report });
  return report;
}
