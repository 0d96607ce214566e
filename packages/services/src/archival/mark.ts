// Marking archived orders: the order machine's `archive` edge (delivered/rejected/cancelled/… → archived), written as
// applyOrderEvent writes every transition — the order row with version + 1 and archived_at, and an order_events row
// with seq = the new version — but for up to 50 orders per transaction instead of one. applyOrderEvent costs five
// round trips per order; 100,000 orders through it would not fit the function's 900 s, and the archive edge has no
// effects (no money, stock or dispatch) that the engine would add. The machine still decides each edge.
//
// An order is marked only if it still has the version the archive file holds: a change after the export (a late
// refund, say) would otherwise be lost with the hot copy's feed entry. The rows are read with tx.get, so a writer
// that slips in before the commit fails it (retried from fresh reads); the event row's id (order, seq) is unique too.
import { transition } from "@chizze/core";
import { METRICS } from "@chizze/platform/observability/metrics";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { T } from "@chizze/schema";
import type { Deps } from "../deps";
import { writeDoc } from "../json-doc";
import { orderEventIdFor, orderReaders } from "../orders/transition";

export interface MarkTarget {
  orderId: string;
  /** The order's version in the archive file. */
  version: number;
}

export interface MarkOutcome {
  marked: number;
  /** Already archived (by an earlier, interrupted run of this batch). */
  already: number;
  /** Changed since the export, gone, or no longer archivable: left hot; a later batch archives their new state. */
  skipped: string[];
}

export interface MarkOptions {
  batchKey: string;
  fileId: string;
  chunk: number;
  /** Fault injection for reliability tests: called after each committed marking transaction. */
  afterChunk?: (chunkIndex: number) => void | Promise<void>;
}

export async function markArchived(deps: Deps, targets: readonly MarkTarget[], opts: MarkOptions): Promise<MarkOutcome> {
  const out: MarkOutcome = { marked: 0, already: 0, skipped: [] };
  for (let i = 0, n = 0; i < targets.length; i += opts.chunk, n++) {
    const r = await markChunk(deps, targets.slice(i, i + opts.chunk), opts);
    out.marked += r.marked;
    out.already += r.already;
    out.skipped.push(...r.skipped);
    if (r.marked > 0) deps.metrics.counter(METRICS.ordersTotal.name, { status: "archived" }, r.marked);
    await opts.afterChunk?.(n);
  }
  return out;
}

async function markChunk(deps: Deps, targets: readonly MarkTarget[], opts: MarkOptions): Promise<MarkOutcome> {
  return withTransaction(
    deps.tablesDB,
    async (tx) => {
      const out: MarkOutcome = { marked: 0, already: 0, skipped: [] };
      const rows = await Promise.all(targets.map((t) => tx.get(T.orders, t.orderId)));
      const now = deps.now().toISOString();
      targets.forEach((target, i) => {
        const row = rows[i];
        if (row?.status === "archived") {
          out.already++;
          return;
        }
        const edge = row ? transition({ status: row.status, paymentMethod: row.payment_method, paymentStatus: row.payment_status, hasCoupon: row.coupon_id !== null }, "archive", "system") : null;
        if (!row || row.version !== target.version || !edge?.ok) {
          out.skipped.push(target.orderId);
          return;
        }
        const seq = row.version + 1;
        tx.update(T.orders, row.$id, { status: edge.to, version: seq, archived_at: now });
        tx.create(
          T.order_events,
          orderEventIdFor(row.$id, seq),
          {
            order_id: row.$id,
            seq,
            event: "archive",
            from_status: row.status,
            to_status: edge.to,
            dispatch_state: row.dispatch_state,
            payment_status: row.payment_status,
            actor_type: "system",
            actor_id: null,
            reason: null,
            at: now,
            // Where the order's pre-archive rows live: support finds the file from the order's timeline.
            data: writeDoc({ batchKey: opts.batchKey, fileId: opts.fileId }),
          },
          orderReaders(row),
        );
        out.marked++;
      });
      return out;
    },
    { onRetry: (attempt) => deps.log.info("archive marking retry", { batchKey: opts.batchKey, attempt }) },
  );
}
