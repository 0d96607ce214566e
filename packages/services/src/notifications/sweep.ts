// notifications-sweep (every minute): the safety net under the event function. Appwrite delivers a DB event to a
// function once and does not retry a failed execution, so two things can be left undone:
// 1. an order event whose run died before writing any notifications row (or whose event never ran): the sweep
//    re-plans every order event once, in $createdAt order from a cursor kept in job_runs, through the same
//    idempotent path (notices already written are only read);
// 2. a row left `queued` (the run died between the row and the send, or Messaging was down): finished from the
//    row's own text after STALE_MS; the message id makes a send that did happen answer 409, so nothing doubles.
//    A notification still queued after MAX_AGE_MS is marked failed instead: "your food is on the way" an hour late
//    is noise, and the inbox row still tells the story.
import { Query } from "node-appwrite";
import { z } from "zod";
import { deterministicId } from "@chizze/core";
import type { Notifier } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
import type { NotificationSettings } from "./config";
import { finish, notifierFor } from "./deliver";
import { notifyOrderEventOf } from "./order-events";

export const SWEEP_LIMITS = {
  /** Order events re-planned per run at most (the rest wait for the next minute). */
  catchUpMax: 500,
  catchUpPage: 100,
  /** Where the cursor starts on a fresh deployment: events older than this were never ours to announce. */
  initialLookbackMs: 10 * 60_000,
  /** A queued row younger than this may still be in the hands of the run that wrote it. */
  staleMs: 30_000,
  maxAgeMs: 60 * 60_000,
  resumeMax: 100,
} as const;

const JOB = "notifications-sweep";
const RUN_KEY = "notifications:order-events";
/** The job_runs row holding the catch-up cursor (one row for the life of the deployment). */
export const CATCH_UP_CURSOR_ID = deterministicId("job", [RUN_KEY]);

const Cursor = z.object({ at: z.string().min(1), id: z.string() });
type Cursor = z.infer<typeof Cursor>;

export interface SweepReport {
  catchUp: { events: number; notices: number; newlyFinished: number; more: boolean; cursor: Cursor };
  resumed: { sent: number; skipped: number; failed: number; stillQueued: number; expired: number };
}

export async function sweepNotifications(deps: Deps, settings: NotificationSettings, notifier: Notifier = notifierFor(deps)): Promise<SweepReport> {
  const catchUp = await catchUpOrderEvents(deps, settings, notifier);
  const resumed = await resumeQueued(deps, notifier);
  deps.log.info("notifications sweep", { events: catchUp.events, notices: catchUp.notices, newlyFinished: catchUp.newlyFinished, more: catchUp.more, ...resumed });
  return { catchUp, resumed };
}

async function readCursor(deps: Deps): Promise<Cursor> {
  const row = await deps.db.job_runs.get(CATCH_UP_CURSOR_ID);
  const parsed = row?.checkpoint ? Cursor.safeParse(JSON.parse(row.checkpoint)) : null;
  if (parsed?.success) return parsed.data;
  return { at: new Date(deps.now().getTime() - SWEEP_LIMITS.initialLookbackMs).toISOString(), id: "" };
}

async function saveCursor(deps: Deps, cursor: Cursor, processed: number, startedAt: string): Promise<void> {
  await deps.db.job_runs.upsert(CATCH_UP_CURSOR_ID, {
    job: JOB,
    run_key: RUN_KEY,
    status: "succeeded",
    checkpoint: JSON.stringify(cursor),
    processed,
    lease_until: null,
    started_at: startedAt,
    finished_at: deps.now().toISOString(),
    error: null,
  });
}

async function catchUpOrderEvents(deps: Deps, settings: NotificationSettings, notifier: Notifier): Promise<SweepReport["catchUp"]> {
  const startedAt = deps.now().toISOString();
  const from = await readCursor(deps);
  let cursor = from;
  let events = 0;
  let notices = 0;
  let newlyFinished = 0;
  let page: string | null = null;
  let more = false;
  for (;;) {
    const res = await deps.db.order_events.list([Query.greaterThanEqual("$createdAt", from.at), Query.orderAsc("$createdAt"), Query.orderAsc("$id")], { limit: SWEEP_LIMITS.catchUpPage, cursor: page });
    for (const ev of res.rows) {
      // Same instant as the saved cursor and not after it: done by an earlier run.
      if (ev.$createdAt === from.at && ev.$id <= from.id) continue;
      if (events >= SWEEP_LIMITS.catchUpMax) {
        more = true;
        break;
      }
      const r = await notifyOrderEventOf(deps, settings, ev, notifier).catch(async (err: unknown) => {
        // Keep what is done; this event is the first of the next run.
        if (events > 0) await saveCursor(deps, cursor, events, startedAt);
        throw err;
      });
      if (r.outcome === "notified") {
        notices += r.notices.length;
        newlyFinished += r.notices.filter((n) => n.finished).length;
      }
      events++;
      cursor = { at: ev.$createdAt, id: ev.$id };
    }
    if (more || !res.nextCursor) break;
    page = res.nextCursor;
  }
  await saveCursor(deps, cursor, events, startedAt);
  return { events, notices, newlyFinished, more, cursor };
}

async function resumeQueued(deps: Deps, notifier: Notifier): Promise<SweepReport["resumed"]> {
  const now = deps.now().getTime();
  const out = { sent: 0, skipped: 0, failed: 0, stillQueued: 0, expired: 0 };
  const stale = new Date(now - SWEEP_LIMITS.staleMs).toISOString();
  const rows = await deps.db.notifications.list([Query.equal("status", "queued"), Query.lessThan("created_at", stale), Query.orderAsc("created_at")], { limit: SWEEP_LIMITS.resumeMax });
  for (const row of rows.rows) {
    if (Date.parse(row.created_at) < now - SWEEP_LIMITS.maxAgeMs) {
      await deps.db.notifications.update(row.$id, { status: "failed", error: "not sent within an hour; dropped as stale" });
      out.expired++;
      continue;
    }
    const d = await finish(deps, notifier, row);
    if (d.status === "queued") out.stillQueued++;
    else out[d.status]++;
  }
  return out;
}
