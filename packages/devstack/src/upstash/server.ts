// The local Upstash REST endpoint: @upstash/redis and @upstash/ratelimit talk to it unchanged, and it runs every
// command on a real Redis through ioredis (edge-stack.md §1.4 and Appendix A, typed and split up).
//
// node:http rather than Hono: the fault knobs need the raw socket (destroy after executing, refuse on connect).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { FaultController, type FaultConfig, type Faults } from "../faults";
import {
  encodeResult,
  errorMessage,
  parseBatch,
  parseSingle,
  prepareCommand,
  ProtocolError,
  ScriptRegistry,
  toRedisArg,
  type PreparedCommand,
  type UpstashCommand,
  type UpstashReply,
} from "./protocol";

export interface StartUpstashOptions {
  /** 0 (default) = a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Default: REDIS_URL, else redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** The Bearer token clients must send. Default "local-token". */
  token?: string;
  /** Faults active from the first request. */
  faults?: FaultConfig;
  /** Largest request body accepted, in bytes. Default 16 MiB. */
  maxBodyBytes?: number;
}

export interface RunningUpstash {
  /** http://127.0.0.1:<port> — pass as `url` to `new Redis({ url, token })` from @upstash/redis. */
  url: string;
  port: number;
  token: string;
  faults: Faults;
  /** Requests per endpoint and commands per name as the client sent them (upper case: EVALSHA stays EVALSHA). */
  stats(): { requests: Record<string, number>; commands: Record<string, number> };
  close(): Promise<void>;
}

/** Raised for failures of the Redis connection itself (not a Redis error reply): answered 500, like SRH. */
class BackendError extends Error {
  override name = "BackendError";
}

const ENDPOINTS = new Set(["/", "/pipeline", "/multi-exec"]);

export async function startUpstash(opts: StartUpstashOptions = {}): Promise<RunningUpstash> {
  const token = opts.token ?? "local-token";
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, {
    // Fail a command fast when Redis is gone instead of queueing it for ~20 reconnects: the REST caller gets a 500.
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 50, 500),
    lazyConnect: true,
  });
  // Connection errors surface per command as BackendError; the event itself must be consumed or Node throws.
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (err) {
    // Stop the reconnect loop, or the failed client would keep the process alive.
    redis.disconnect();
    throw new Error(`startUpstash: cannot reach Redis at ${redisUrl}: ${errorMessage(err)}`);
  }

  const scripts = new ScriptRegistry();
  const faults = new FaultController();
  if (opts.faults) faults.set(opts.faults);
  const requests: Record<string, number> = {};
  const commands: Record<string, number> = {};
  const sockets = new Set<Socket>();
  /** Pending latency sleeps, so close() can end them instead of leaving handlers parked forever. */
  const sleeps = new Map<NodeJS.Timeout, () => void>();
  let closing = false;

  faults.onDown = () => {
    for (const s of sockets) s.destroy();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        sleeps.delete(t);
        resolve();
      }, ms);
      sleeps.set(t, resolve);
    });

  /** Run one prepared command outside a transaction. */
  async function run(p: PreparedCommand): Promise<UpstashReply> {
    if (p.kind === "local") return { result: p.result };
    if (p.kind === "reject") return { error: p.error };
    try {
      if (p.kind === "script-exists") {
        const known = (await redis.call("SCRIPT", "EXISTS", ...p.shas)) as number[];
        return { result: p.shas.map((sha, i) => (scripts.has(sha) ? 1 : (known[i] ?? 0))) };
      }
      const result = await redis.callBuffer(p.name, ...p.args);
      return { result: p.answerWith ?? result };
    } catch (err) {
      throw isReplyError(err) ? err : new BackendError(errorMessage(err));
    }
  }

  async function runOne(cmd: UpstashCommand): Promise<UpstashReply> {
    count(toRedisArg(cmd[0]).toUpperCase());
    try {
      return await run(prepareCommand(cmd, scripts));
    } catch (err) {
      if (err instanceof BackendError) throw err;
      return { error: errorMessage(err) };
    }
  }

  /** MULTI … EXEC on the shared connection: ioredis writes the block in one go, so nothing interleaves. */
  async function runMulti(cmds: UpstashCommand[]): Promise<UpstashReply[]> {
    for (const c of cmds) count(toRedisArg(c[0]).toUpperCase());
    const prepared = cmds.map((c) => prepareCommand(c, scripts));
    const rejected = prepared.find((p) => p.kind === "reject");
    // A command we refuse is a queue-time error: Redis would discard the whole transaction too.
    if (rejected?.kind === "reject") throw new ExecAbort(`EXECABORT Transaction discarded because of previous errors: ${rejected.error}`);
    const multi = redis.multi();
    for (const p of prepared) {
      if (p.kind === "redis") {
        multi.callBuffer(p.name, ...p.args);
      } else if (p.kind === "script-exists") {
        multi.callBuffer("SCRIPT", "EXISTS", ...p.shas);
      }
    }
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await multi.exec();
    } catch (err) {
      if (!isReplyError(err)) throw new BackendError(errorMessage(err));
      const previous = (err as { previousErrors?: unknown[] }).previousErrors ?? [];
      const first = previous[0];
      throw new ExecAbort(first === undefined ? errorMessage(err) : `${errorMessage(err)} ${errorMessage(first)}`);
    }
    if (replies === null) throw new ExecAbort("EXECABORT Transaction discarded");
    return replies.map(([err, value], i): UpstashReply => {
      if (err) return { error: err.message };
      const p = prepared[i];
      return { result: p?.kind === "redis" && p.answerWith !== undefined ? p.answerWith : value };
    });
  }

  function count(name: string): void {
    commands[name] = (commands[name] ?? 0) + 1;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/") return send(res, 200, { result: "Welcome to the Chizze local Upstash REST endpoint" });
    if (!ENDPOINTS.has(path)) return send(res, 404, { error: `Endpoint not found: ${path}` });
    if (req.method !== "POST") return send(res, 405, { error: "Method not allowed" });
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: "Unauthorized" });

    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxBodyBytes)).toString("utf8"));
    } catch (err) {
      if (err instanceof BodyTooLarge) return send(res, 413, { error: err.message });
      return send(res, 400, { error: "ERR failed to parse request body as JSON" });
    }
    requests[path] = (requests[path] ?? 0) + 1;
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encode = (r: UpstashReply): UpstashReply => ("error" in r ? r : { result: encodeResult(r.result, base64) });

    const latency = faults.latency();
    if (latency > 0) await sleep(latency);
    if (closing) return void res.socket?.destroy();
    const decision = faults.decide();
    if (decision.kind === "fail") return send(res, decision.status, { error: `Injected fault: HTTP ${decision.status}` });

    let status = 200;
    let answer: unknown;
    try {
      if (path === "/") {
        const reply = await runOne(parseSingle(body));
        status = "error" in reply ? 400 : 200;
        answer = encode(reply);
      } else if (path === "/pipeline") {
        // Sent back to back on one connection: Redis runs them in order, but not atomically (that is /multi-exec).
        const replies = await Promise.all(parseBatch(body).map(runOne));
        answer = replies.map(encode);
      } else {
        answer = (await runMulti(parseBatch(body))).map(encode);
      }
    } catch (err) {
      if (err instanceof ProtocolError || err instanceof ExecAbort) return send(res, 400, { error: err.message });
      if (err instanceof BackendError) return send(res, 500, { error: `ERR Redis is unavailable: ${err.message}` });
      throw err;
    }
    // The command ran; the caller never hears about it (R3).
    if (decision.kind === "drop") return void res.socket?.destroy();
    send(res, status, answer);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Anything reaching here is a bug in the endpoint, not in the caller's request.
      process.stderr.write(`[upstash] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) send(res, 500, { error: "ERR internal error in the local Upstash endpoint" });
    });
  });
  server.on("connection", (socket: Socket) => {
    if (faults.refuse()) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    faults,
    stats: () => ({ requests: { ...requests }, commands: { ...commands } }),
    close: async () => {
      closing = true;
      for (const [t, wake] of sleeps) {
        clearTimeout(t);
        wake();
      }
      sleeps.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      redis.disconnect();
    },
  };
}

class ExecAbort extends Error {
  override name = "ExecAbort";
}

class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === "ReplyError";
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`ERR request body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
