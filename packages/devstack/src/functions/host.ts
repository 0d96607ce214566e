// One warm runtime per function, in a worker thread with its own environment: a function that throws, exits or
// loops forever fails its executions, never the stack. Runtimes start on first use and stop when idle, as Appwrite's
// do (_APP_FUNCTIONS_INACTIVE_THRESHOLD), which keeps the devstack's memory flat.
import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { ExecutionRequest, ExecutionResult } from "./runtime-context";
import type { FromWorker, ToWorker } from "./worker-main";

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const MAIN_SOURCE = new URL("./worker-main.ts", import.meta.url);
let workerMain: string | undefined;

/**
 * The worker main as one plain ES module, built once per process into the temp dir under a content hash (parallel
 * test processes share it; a rename makes the write atomic). Falls back to the TypeScript source (run through tsx)
 * if esbuild cannot build it.
 */
function workerMainUrl(): string {
  if (workerMain) return workerMain;
  try {
    const out = buildSync({ entryPoints: [MAIN_SOURCE.pathname], bundle: true, platform: "node", format: "esm", target: "node20", write: false, logLevel: "silent" });
    const code = out.outputFiles[0]!.contents;
    const file = join(tmpdir(), `chizze-worker-main-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    workerMain = pathToFileURL(file).href;
  } catch {
    workerMain = MAIN_SOURCE.href;
  }
  return workerMain;
}

export interface RuntimeSpec {
  /** File URL or absolute path of the module whose default export is the function. */
  entry: string;
  env: Record<string, string>;
  /** Seconds. */
  timeout: number;
}

interface Pending {
  resolve: (r: ExecutionResult) => void;
  timer: NodeJS.Timeout;
}

/** How long a runtime whose execution timed out has to show its event loop still turns. */
const PROBE_MS = 2_000;

const failed = (message: string, logs: string[] = []): ExecutionResult => ({ status: 500, headers: {}, body: "", logs, errors: [message] });

class Runtime {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly spec: RuntimeSpec,
    private readonly idleMs: number,
  ) {}

  private start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const entry = this.spec.entry.startsWith("file:") ? this.spec.entry : new URL(`file://${this.spec.entry}`).href;
      // A larger young generation than V8's default for workers: a busy function allocates a lot of short-lived
      // request/response objects, and the default semi-space made it spend ~13% of its time in scavenges.
      const worker = new Worker(BOOT, { workerData: { entry, main: workerMainUrl() }, env: this.spec.env, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 32 } });
      this.worker = worker;
      worker.on("message", (msg: FromWorker) => {
        if (msg.type === "ready") resolve();
        else if (msg.type === "load-failed") {
          reject(new Error(msg.error));
          void this.stop();
        } else if (msg.type === "result") {
          const p = this.pending.get(msg.id);
          if (!p) return;
          clearTimeout(p.timer);
          this.pending.delete(msg.id);
          p.resolve(msg.result);
          this.touch();
        }
      });
      // An uncaught error or process.exit() inside the function ends this runtime: fail what was in flight.
      const die = (reason: string) => {
        reject(new Error(reason));
        // An old runtime's exit must not clobber the one that replaced it.
        if (this.worker !== worker) return;
        this.failAll(reason);
        this.worker = undefined;
        this.ready = undefined;
      };
      worker.on("error", (err) => die(`Runtime crashed: ${err.stack ?? err.message}`));
      worker.on("exit", (code) => die(`Runtime exited with code ${code}`));
    });
    return this.ready;
  }

  private probing = false;

  /** Recycle `worker` unless it answers a ping within PROBE_MS. */
  private probe(worker: Worker): void {
    if (this.probing || this.worker !== worker) return;
    this.probing = true;
    const id = this.nextId++;
    const onPong = (msg: FromWorker) => {
      if (msg.type !== "pong" || msg.id !== id) return;
      clearTimeout(deadline);
      worker.off("message", onPong);
      this.probing = false;
    };
    const deadline = setTimeout(() => {
      worker.off("message", onPong);
      this.probing = false;
      if (this.worker === worker) void this.stop();
    }, PROBE_MS);
    worker.on("message", onPong);
    worker.postMessage({ type: "ping", id } satisfies ToWorker);
  }

  private failAll(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(failed(reason));
      this.pending.delete(id);
    }
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size === 0) this.idleTimer = setTimeout(() => void this.stop(), this.idleMs).unref();
  }

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    clearTimeout(this.idleTimer);
    try {
      await this.start();
    } catch (err) {
      this.touch();
      return failed(err instanceof Error ? err.message : String(err));
    }
    const worker = this.worker;
    if (!worker) return failed("Runtime is not running");
    const id = this.nextId++;
    return new Promise<ExecutionResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failed("Execution timed out."));
        // Slow (waiting on I/O, or queued behind a burst) fails only this execution, as in open-runtimes; a runtime
        // whose event loop no longer turns (a function stuck in a loop) is recycled, and what it held fails with it.
        this.probe(worker);
      }, this.spec.timeout * 1000);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ type: "exec", id, request } satisfies ToWorker);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.failAll("Runtime stopped");
    if (w) await w.terminate();
  }

  get running(): boolean {
    return this.worker !== undefined;
  }
}

export class FunctionHost {
  private readonly runtimes = new Map<string, { key: string; runtime: Runtime }>();

  constructor(private readonly opts: { idleMs?: number } = {}) {}

  /** Run one execution of `functionId` with `spec` (a changed spec — new entry or env — gets a fresh runtime). */
  async execute(functionId: string, spec: RuntimeSpec, request: ExecutionRequest): Promise<ExecutionResult> {
    const key = JSON.stringify([spec.entry, spec.env, spec.timeout]);
    let slot = this.runtimes.get(functionId);
    if (slot && slot.key !== key) {
      await slot.runtime.stop();
      slot = undefined;
    }
    if (!slot) {
      slot = { key, runtime: new Runtime(spec, this.opts.idleMs ?? 60_000) };
      this.runtimes.set(functionId, slot);
    }
    return slot.runtime.execute(request);
  }

  /** Restart a function's runtime (after its bundle was rebuilt). */
  async reload(functionId: string): Promise<void> {
    await this.runtimes.get(functionId)?.runtime.stop();
    this.runtimes.delete(functionId);
  }

  runningCount(): number {
    return [...this.runtimes.values()].filter((s) => s.runtime.running).length;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((s) => s.runtime.stop()));
    this.runtimes.clear();
  }
}
