// Runs functions the way Appwrite does: on executions (HTTP API), on platform events matching a function's
// `events[]`, and on its cron `schedule`. Each run is recorded as an execution (status, duration, logs).
import { isAbsolute, join } from "node:path";
import { Cron } from "croner";
import type { AppwriteDeps, PlatformEvent } from "../context";
import { isoDate } from "../context";
import { mintEphemeralKey } from "../auth/function-keys";
import { newId } from "../ids";
import type { FunctionHost } from "../../functions/host";
import type { ExecutionRecord, FunctionRecord, FunctionStore } from "./store";

export interface RunnerOptions {
  /** Project root: function `path`s in appwrite.json are relative to it. */
  root: string;
  /** Environment every function runtime gets (plus its own variables and the APPWRITE_FUNCTION_* set). */
  env: Record<string, string>;
  /** Overrides where a function's code is loaded from (default `<root>/<path>/<entrypoint>`). */
  entryOf?: (fn: FunctionRecord) => string;
  /** Start cron schedules (default true; tests fire schedules by hand with `fireSchedule`). */
  schedules?: boolean;
}

export interface ExecuteInput {
  trigger: ExecutionRecord["trigger"];
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  userId?: string;
  userJwt?: string;
  event?: string;
  async: boolean;
  permissions?: string[];
}

/**
 * Async executions (events, schedules, async calls) running at once across all functions; the rest wait in one FIFO
 * queue, as Appwrite's functions workers drain one queue. A burst of events therefore lags, as it does on Appwrite,
 * instead of taking the devstack's one thread from the synchronous executions the edge is waiting on.
 */
const ASYNC_CONCURRENCY = 8;

// Headers Appwrite records on an execution (app/init/constants.php).
const RECORDED_REQUEST = new Set(["content-type", "agent", "content-length", "host", "x-appwrite-client-ip"]);
const RECORDED_RESPONSE = new Set(["content-type", "content-length"]);

export class FunctionRunner {
  private readonly crons = new Map<string, Cron>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Async executions running now, and those waiting for a slot (FIFO). */
  private running = 0;
  private readonly queued: (() => void)[] = [];
  private eventsPaused = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: AppwriteDeps,
    private readonly store: FunctionStore,
    private readonly host: FunctionHost,
    private readonly opts: RunnerOptions,
  ) {}

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e));
    this.syncSchedules();
  }

  /** (Re)creates cron jobs from the registry; call after functions change. */
  syncSchedules(): void {
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
    if (this.opts.schedules === false) return;
    for (const fn of this.store.listFunctions()) {
      if (!fn.enabled || !fn.schedule) continue;
      this.crons.set(fn.$id, new Cron(fn.schedule, { timezone: "UTC", protect: true }, () => void this.fireSchedule(fn.$id)));
    }
  }

  /** Next time a scheduled function will run (null when it has no schedule). */
  nextRun(functionId: string): Date | null {
    const fn = this.store.getFunction(functionId);
    if (!fn?.schedule) return null;
    return new Cron(fn.schedule, { timezone: "UTC", paused: true }).nextRun();
  }

  /** What a cron tick does: an async execution with trigger `schedule`. */
  fireSchedule(functionId: string): Promise<ExecutionRecord> {
    return this.execute(functionId, { trigger: "schedule", async: true, method: "POST", path: "/" });
  }

  private onEvent(e: PlatformEvent): void {
    if (this.eventsPaused) return;
    for (const fn of this.store.listFunctions()) {
      if (!fn.enabled || fn.events.length === 0) continue;
      if (!fn.events.some((pattern) => e.functionEvents.includes(pattern))) continue;
      void this.execute(fn.$id, {
        trigger: "event",
        async: true,
        method: "POST",
        path: "/",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(e.payload),
        event: e.functionEvents[0] ?? "",
        ...(e.userId ? { userId: e.userId } : {}),
      });
    }
  }

  private entryOf(fn: FunctionRecord): string {
    if (this.opts.entryOf) return this.opts.entryOf(fn);
    const dir = isAbsolute(fn.path) ? fn.path : join(this.opts.root, fn.path);
    return join(dir, fn.entrypoint);
  }

  /**
   * Creates the execution record and runs it. Sync: resolves when finished. Async: resolves at once with status
   * "waiting"; the run continues in the background (await `idle()` in tests).
   */
  async execute(functionId: string, input: ExecuteInput): Promise<ExecutionRecord> {
    const fn = this.store.getFunction(functionId);
    if (!fn) throw new Error(`function ${functionId} not found`);
    const now = isoDate(this.deps.now());
    const id = newId(this.deps.now());
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
    const record: ExecutionRecord = {
      $id: id,
      $createdAt: now,
      $updatedAt: now,
      $permissions: input.permissions ?? [],
      functionId,
      deploymentId: fn.deploymentId,
      trigger: input.trigger,
      status: input.async ? "waiting" : "processing",
      requestMethod: (input.method ?? "POST").toUpperCase(),
      requestPath: input.path ?? "/",
      requestHeaders: Object.entries(headers)
        .filter(([k]) => RECORDED_REQUEST.has(k))
        .map(([name, value]) => ({ name, value })),
      responseStatusCode: 0,
      responseBody: "",
      responseHeaders: [],
      logs: "",
      errors: "",
      duration: 0,
      scheduledAt: null,
    };
    this.store.putExecution(record);

    if (!input.async) return this.run(fn, record, input, headers);
    // A burst of events (a bulk write fires one per row) queues here as small records instead of thousands of
    // concurrent executions each holding a request in the runtime: memory stays flat.
    const tracked = this.slot()
      .then((release) => this.run(fn, record, input, headers).finally(release))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return record;
  }

  /** A slot for one async execution; releasing it hands it straight to the next waiter (the count never overshoots). */
  private async slot(): Promise<() => void> {
    if (this.running < ASYNC_CONCURRENCY) this.running++;
    else await new Promise<void>((resolve) => this.queued.push(resolve));
    return () => {
      const next = this.queued.shift();
      if (next) next();
      else this.running--;
    };
  }

  /** Runs `work` with event triggers off (seeding a store fires one event per row that nothing needs). */
  async withoutEvents<T>(work: () => Promise<T>): Promise<T> {
    this.eventsPaused = true;
    try {
      return await work();
    } finally {
      this.eventsPaused = false;
    }
  }

  private async run(fn: FunctionRecord, record: ExecutionRecord, input: ExecuteInput, headers: Record<string, string>): Promise<ExecutionRecord> {
    const key = mintEphemeralKey(this.deps, fn.scopes, fn.timeout + 60);
    const requestHeaders: Record<string, string> = {
      ...headers,
      "x-appwrite-trigger": input.trigger,
      "x-appwrite-event": input.event ?? "",
      "x-appwrite-execution-id": record.$id,
      "x-appwrite-key": key,
      "x-appwrite-user-id": input.userId ?? "",
      "x-appwrite-user-jwt": input.userJwt ?? "",
      "x-appwrite-country-code": "",
      "x-appwrite-continent-code": "",
      "x-appwrite-continent-eu": "false",
    };
    const env = {
      ...this.opts.env,
      ...fn.vars,
      APPWRITE_FUNCTION_API_ENDPOINT: this.deps.config.endpoint,
      APPWRITE_FUNCTION_ID: fn.$id,
      APPWRITE_FUNCTION_NAME: fn.name,
      APPWRITE_FUNCTION_DEPLOYMENT: fn.deploymentId,
      APPWRITE_FUNCTION_PROJECT_ID: this.deps.config.projectId,
      APPWRITE_FUNCTION_RUNTIME_NAME: "Node.js",
      APPWRITE_FUNCTION_RUNTIME_VERSION: process.versions.node,
      APPWRITE_VERSION: "1.9.6",
      APPWRITE_REGION: "local",
    };
    const started = performance.now();
    this.store.putExecution({ ...record, status: "processing" });
    const result = await this.host.execute(fn.$id, { entry: this.entryOf(fn), env, timeout: fn.timeout }, {
      method: record.requestMethod,
      path: record.requestPath,
      headers: requestHeaders,
      body: input.body ?? "",
    });
    const done: ExecutionRecord = {
      ...record,
      $updatedAt: isoDate(this.deps.now()),
      status: result.status >= 500 ? "failed" : "completed",
      responseStatusCode: result.status,
      // Appwrite keeps no response body for async executions.
      responseBody: input.async ? "" : result.body,
      responseHeaders: Object.entries(result.headers)
        .filter(([k]) => RECORDED_RESPONSE.has(k))
        .map(([name, value]) => ({ name, value })),
      logs: fn.logging ? result.logs.join("\n") : "",
      errors: fn.logging ? result.errors.join("\n") : "",
      duration: Math.round(performance.now() - started) / 1000,
    };
    this.store.putExecution(done);
    return done;
  }

  /** Restart every function runtime, so the next execution loads fresh code (watch mode). */
  async reloadAll(): Promise<void> {
    await Promise.all(this.store.listFunctions().map((f) => this.host.reload(f.$id)));
  }

  /** Resolves when no async execution is running (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
    await this.idle();
    await this.host.stopAll();
  }
}
