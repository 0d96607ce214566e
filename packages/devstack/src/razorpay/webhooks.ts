// Webhook emitter: every state change of the double becomes Razorpay webhook events, delivered the way Razorpay
// delivers them — at least once, unordered, signed over the raw body, retried on non-2xx or timeout — with knobs
// to make that worse on purpose (duplicate, delay, reorder, drop) and a manual mode for step-by-step tests.
import { base62, seededRandom, shuffleInWindows } from "./random";
import { webhookSignature } from "./signature";

export type WebhookEventName =
  | "payment.authorized"
  | "payment.captured"
  | "payment.failed"
  | "order.paid"
  | "refund.created"
  | "refund.processed"
  | "refund.failed"
  | "transfer.processed";

export type PayloadKey = "payment" | "order" | "refund" | "transfer";

export interface WebhookEnvelope {
  entity: "event";
  account_id: string;
  event: WebhookEventName;
  contains: PayloadKey[];
  payload: Partial<Record<PayloadKey, { entity: unknown }>>;
  created_at: number;
}

export interface WebhookEvent {
  /** Sent as x-razorpay-event-id; the same for every copy and retry of this event. */
  id: string;
  name: WebhookEventName;
  envelope: WebhookEnvelope;
  /** The exact bytes POSTed (and signed). */
  body: string;
}

export interface DeliveryRecord {
  eventId: string;
  event: WebhookEventName;
  /** 1 for the first attempt of a copy, 2 for its first retry, … */
  attempt: number;
  /** Which copy when `duplicate` > 1 (0-based). */
  copy: number;
  status: number | null;
  ok: boolean;
  error?: string;
}

export interface WebhookSettings {
  /** Where to POST; without one, events wait in pending() until a URL is set and flush() is called. */
  url?: string;
  /** "auto" delivers as events happen; "manual" queues them for flush(). Default "auto". */
  mode: "auto" | "manual";
  /** Send each event this many times (same id, same body). Default 1. */
  duplicate: number;
  /** Wait this long before sending a batch. Default 0. */
  delayMs: number;
  /**
   * Shuffle deliveries within consecutive windows of this many (copies included). A batch is everything emitted in
   * one tick (auto: e.g. payment.authorized + payment.captured + order.paid from one capture) or everything
   * pending (flush). ≤ 1 keeps the order. Default 1.
   */
  reorderWindow: number;
  /** Seed for reorder and drop dice. */
  seed?: number;
  /** Never deliver: a probability (0..1) or a predicate. Dropped events are kept in dropped() for the reconciler test. */
  drop: number | ((event: WebhookEvent) => boolean);
  /** Total attempts per copy (first try included). Default 3. */
  attempts: number;
  /** Wait before retry n (1-based). Default 50 ms × 2^(n-1). */
  backoffMs: (retry: number) => number;
  /** A delivery not answered within this counts as failed (Razorpay: 5 s). */
  timeoutMs: number;
}

export interface Webhooks {
  /** Change delivery knobs at runtime (also the URL). */
  configure(settings: Partial<WebhookSettings>): void;
  settings(): Readonly<WebhookSettings>;
  /** X-Razorpay-Signature for a raw body, with this double's webhook secret. */
  sign(body: string): string;
  /** Every event emitted, in emission order (dropped ones included). */
  events(): WebhookEvent[];
  /** Events queued and not yet sent (manual mode, or no URL). */
  pending(): WebhookEvent[];
  /** Events the drop knob swallowed. */
  dropped(): WebhookEvent[];
  /** Every delivery attempt so far. */
  deliveries(): DeliveryRecord[];
  /** Send everything pending now (knobs applied) and wait until those deliveries, retries included, are done. */
  flush(): Promise<DeliveryRecord[]>;
  /** Wait until no delivery or retry is in flight (auto mode). */
  idle(): Promise<void>;
  /** Send one already-emitted event again (a dashboard "replay"). */
  replay(eventId: string): Promise<DeliveryRecord[]>;
}

export interface WebhookEmitterOptions {
  secret: string;
  accountId: string;
  now: () => number;
  settings?: Partial<WebhookSettings>;
}

const DEFAULTS: WebhookSettings = {
  mode: "auto",
  duplicate: 1,
  delayMs: 0,
  reorderWindow: 1,
  drop: 0,
  attempts: 3,
  backoffMs: (retry) => 50 * 2 ** (retry - 1),
  timeoutMs: 5_000,
};

export class WebhookEmitter implements Webhooks {
  private config: WebhookSettings;
  private random: () => number;
  private readonly all: WebhookEvent[] = [];
  private readonly queue: WebhookEvent[] = [];
  private readonly swallowed: WebhookEvent[] = [];
  private readonly log: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Pending sleeps (delay, backoff) with their wake-up, so close() ends them instead of parking them forever. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  /** Events emitted in the current tick, sent together (auto mode). */
  private tickBatch: WebhookEvent[] | null = null;
  private closed = false;
  /** Serialises first attempts across batches (see dispatch). */
  private sendChain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: WebhookEmitterOptions) {
    this.config = { ...DEFAULTS, ...opts.settings };
    this.random = this.config.seed === undefined ? Math.random : seededRandom(this.config.seed);
  }

  configure(settings: Partial<WebhookSettings>): void {
    this.config = { ...this.config, ...settings };
    if (settings.seed !== undefined) this.random = seededRandom(settings.seed);
  }

  settings(): Readonly<WebhookSettings> {
    return { ...this.config };
  }

  sign(body: string): string {
    return webhookSignature(this.opts.secret, body);
  }

  events(): WebhookEvent[] {
    return [...this.all];
  }

  pending(): WebhookEvent[] {
    return [...this.queue];
  }

  dropped(): WebhookEvent[] {
    return [...this.swallowed];
  }

  deliveries(): DeliveryRecord[] {
    return [...this.log];
  }

  /** Record a state change. Entities are copied now: a webhook describes the moment it was emitted. */
  emit(name: WebhookEventName, parts: [PayloadKey, unknown][]): WebhookEvent {
    const envelope: WebhookEnvelope = {
      entity: "event",
      account_id: this.opts.accountId,
      event: name,
      contains: parts.map(([k]) => k),
      payload: Object.fromEntries(parts.map(([k, v]) => [k, { entity: structuredClone(v) }])),
      created_at: Math.floor(this.opts.now() / 1000),
    };
    const event: WebhookEvent = { id: `evt_${base62(14)}`, name, envelope, body: JSON.stringify(envelope) };
    this.all.push(event);
    if (this.shouldDrop(event)) {
      this.swallowed.push(event);
      return event;
    }
    if (this.config.mode === "manual" || !this.config.url) {
      this.queue.push(event);
      return event;
    }
    if (!this.tickBatch) {
      const batch: WebhookEvent[] = [];
      this.tickBatch = batch;
      // One API call emits several events synchronously; send them as one batch so `reorderWindow` can swap them.
      setImmediate(() => {
        this.tickBatch = null;
        this.track(this.dispatch(batch));
      });
    }
    this.tickBatch.push(event);
    return event;
  }

  async flush(): Promise<DeliveryRecord[]> {
    const batch = this.queue.splice(0);
    const from = this.log.length;
    await this.dispatch(batch);
    return this.log.slice(from);
  }

  async replay(eventId: string): Promise<DeliveryRecord[]> {
    const event = this.all.find((e) => e.id === eventId);
    if (!event) throw new Error(`no webhook event ${eventId}`);
    const from = this.log.length;
    await this.deliverCopy(event, 0);
    return this.log.slice(from);
  }

  async idle(): Promise<void> {
    // Bounded: each round waits for the current deliveries; retries they schedule join the set before they end.
    for (let round = 0; round < 1_000 && (this.inFlight.size > 0 || this.tickBatch); round++) {
      if (this.tickBatch) await new Promise((r) => setImmediate(r));
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Stop retrying and drop timers (server shutdown). */
  close(): void {
    this.closed = true;
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
  }

  private shouldDrop(event: WebhookEvent): boolean {
    const { drop } = this.config;
    return typeof drop === "function" ? drop(event) : drop > 0 && this.random() < drop;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /**
   * First attempts of successive batches go out one batch after another, so without knobs the receiver sees
   * events in emission order; retries run on their own clock (which is how real delivery gets out of order).
   */
  private async dispatch(batch: WebhookEvent[]): Promise<void> {
    if (batch.length === 0) return;
    const copies: [WebhookEvent, number][] = batch.flatMap((e) =>
      Array.from({ length: Math.max(1, this.config.duplicate) }, (_, copy): [WebhookEvent, number] => [e, copy]),
    );
    const ordered = shuffleInWindows(copies, this.config.reorderWindow, this.random);
    const failed: [WebhookEvent, number][] = [];
    const turn = this.sendChain.then(async () => {
      if (this.config.delayMs > 0) await this.sleep(this.config.delayMs);
      for (const [event, copy] of ordered) {
        if (!(await this.attempt(event, copy, 1))) failed.push([event, copy]);
      }
    });
    this.sendChain = turn;
    await turn;
    // Retries start once the batch's first attempts are out, so attempt numbers stay predictable in tests.
    await Promise.all(failed.map(([event, copy]) => this.retry(event, copy)));
  }

  private async deliverCopy(event: WebhookEvent, copy: number): Promise<void> {
    if (!(await this.attempt(event, copy, 1))) await this.retry(event, copy);
  }

  private async retry(event: WebhookEvent, copy: number): Promise<void> {
    for (let attempt = 2; attempt <= this.config.attempts && !this.closed; attempt++) {
      await this.sleep(this.config.backoffMs(attempt - 1));
      if (this.closed || (await this.attempt(event, copy, attempt))) return;
    }
  }

  private async attempt(event: WebhookEvent, copy: number, attempt: number): Promise<boolean> {
    const url = this.config.url;
    const record: DeliveryRecord = { eventId: event.id, event: event.name, attempt, copy, status: null, ok: false };
    if (!url || this.closed) {
      record.error = url ? "emitter closed" : "no webhook URL configured";
      this.log.push(record);
      return false;
    }
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Razorpay-Webhook/v1",
          "x-razorpay-event-id": event.id,
          "x-razorpay-signature": this.sign(event.body),
        },
        body: event.body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      // Drain so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      record.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    this.log.push(record);
    return record.ok;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || this.closed) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }
}
