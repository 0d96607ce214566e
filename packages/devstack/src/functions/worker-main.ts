// Runs inside a worker thread: one warm function runtime, like an open-runtimes container. Loads the function's
// module once, then serves executions sent by the host. Concurrent executions interleave, as in the Node runtime.
import { parentPort, workerData } from "node:worker_threads";
import type { RuntimeContext } from "@chizze/contracts/open-runtimes";
import { runEntrypoint, type ExecutionRequest } from "./runtime-context";

export type ToWorker = { type: "exec"; id: number; request: ExecutionRequest } | { type: "ping"; id: number };
export type FromWorker =
  | { type: "ready" }
  | { type: "pong"; id: number }
  | { type: "result"; id: number; result: Awaited<ReturnType<typeof runEntrypoint>> }
  | { type: "load-failed"; error: string };

const { entry } = workerData as { entry: string };
const port = parentPort!;

type Entry = (ctx: RuntimeContext) => Promise<unknown>;

async function load(): Promise<Entry> {
  const mod = (await import(entry)) as { default?: unknown } & Record<string, unknown>;
  const fn = mod.default ?? mod;
  // A CommonJS bundle imported as ESM nests its export one level down.
  const candidate = typeof fn === "function" ? fn : (fn as { default?: unknown }).default;
  if (typeof candidate !== "function") throw new Error(`${entry} has no default export function`);
  return candidate as Entry;
}

try {
  const main = await load();
  port.on("message", (msg: ToWorker) => {
    // Answered only when the event loop turns: a runtime stuck in a loop never pongs (host.ts recycles it).
    if (msg.type === "ping") return port.postMessage({ type: "pong", id: msg.id } satisfies FromWorker);
    void runEntrypoint(main, msg.request).then((result) => port.postMessage({ type: "result", id: msg.id, result } satisfies FromWorker));
  });
  port.postMessage({ type: "ready" } satisfies FromWorker);
} catch (err) {
  port.postMessage({ type: "load-failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromWorker);
}
