// Calls a function the way the edge does: a synchronous execution through the devstack's Functions API with the
// API key, the route's method and path, and an edge-signed identity. Exercises the bundle, the runner and the kit.
import { Functions } from "node-appwrite";
import { signIdentity, rolesFromLabels, type Identity } from "@chizze/platform/identity";
import { DEV_IDENTITY_SECRET } from "@chizze/devstack/stack";
import type { AnyRoute } from "@chizze/contracts/route";
import type { TestStack } from "./stack";

export interface CallOptions {
  identity?: Identity | null;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  body: unknown;
  contentType: string;
  logs: string;
  errors: string;
}

export function identityOf(userId: string, labels: string[] = [], extra: Partial<Identity> = {}): Identity {
  return { userId, roles: rolesFromLabels(labels), ...extra };
}

export async function callFunction(stack: TestStack, route: AnyRoute, opts: CallOptions = {}): Promise<CallResult> {
  if (!route.functionId) throw new Error(`${route.id} is answered by the edge, not a function`);
  let path = route.path;
  for (const [k, v] of Object.entries(opts.params ?? {})) path = path.replace(`:${k}`, encodeURIComponent(v));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": `test-${crypto.randomUUID()}`, ...opts.headers };
  if (opts.identity) headers["x-chizze-identity"] = await signIdentity(opts.identity, { secret: DEV_IDENTITY_SECRET, functionId: route.functionId, requestId: headers["x-request-id"]! });
  const execution = await new Functions(stack.admin()).createExecution({
    functionId: route.functionId,
    async: false,
    method: route.method as never,
    xpath: qs.size ? `${path}?${qs}` : path,
    headers,
    body: opts.body === undefined ? "" : JSON.stringify(opts.body),
  });
  const contentType = execution.responseHeaders.find((h) => h.name === "content-type")?.value ?? "";
  let body: unknown = execution.responseBody;
  if (contentType.includes("json") && execution.responseBody) body = JSON.parse(execution.responseBody);
  return { status: execution.responseStatusCode, body, contentType, logs: execution.logs, errors: execution.errors };
}

/** Fires a scheduled function as its cron would (trigger `schedule`) and waits for the run to finish. */
export async function runSchedule(stack: TestStack, functionId: string): Promise<{ status: number; body: unknown; logs: string; errors: string }> {
  const runner = stack.functions?.runner();
  if (!runner) throw new Error("the test stack runs no functions");
  const record = await runner.fireSchedule(functionId);
  await runner.idle();
  const e = await new Functions(stack.admin()).getExecution({ functionId, executionId: record.$id });
  return { status: e.responseStatusCode, body: e.responseBody ? (JSON.parse(e.responseBody) as unknown) : null, logs: e.logs, errors: e.errors };
}

export interface EventAnswer {
  status: number;
  body: Record<string, unknown>;
}

const answerOf = (e: { responseStatusCode: number; responseBody: string }): EventAnswer => ({
  status: e.responseStatusCode,
  body: e.responseBody ? (JSON.parse(e.responseBody) as Record<string, unknown>) : {},
});

/**
 * An event function run as Appwrite delivers a row create event (trigger `event`, the row as payload),
 * synchronously, so the test can read the answer. `table` names the event: databases.chizze.tables.<table>.rows.<id>.create.
 */
export async function deliverRowEvent(stack: TestStack, functionId: string, table: string, row: Record<string, unknown>): Promise<EventAnswer> {
  const runner = stack.functions?.runner();
  if (!runner) throw new Error("the test stack runs no functions");
  const e = await runner.execute(functionId, {
    trigger: "event",
    async: false,
    method: "POST",
    path: "/",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(row),
    event: `databases.chizze.tables.${table}.rows.${String(row.$id)}.create`,
  });
  return answerOf(e);
}

/** An event function executed by hand with the API key (trigger `http`), as an operator replays an event. */
export async function handFire(stack: TestStack, functionId: string, payload: unknown): Promise<EventAnswer> {
  const e = await new Functions(stack.admin()).createExecution({ functionId, async: false, method: "POST" as never, xpath: "/", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
  return answerOf(e);
}
