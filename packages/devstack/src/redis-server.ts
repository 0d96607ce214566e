// A private, throw-away `redis-server` child for tests that must isolate Redis (their own keyspace, their own
// SCRIPT cache) or kill it (R10: "Redis down"). Real Redis, not a mock: ioredis-mock's Lua is not good enough for
// @upstash/ratelimit (edge-stack.md B3).
//
// Not daemonized on purpose: we keep the ChildProcess, so we know its PID, see it exit, and never leave a stray
// server behind a crashed test (B6: stop servers by PID, never by name).
import { spawn } from "node:child_process";
import { createConnection, createServer, type AddressInfo } from "node:net";

export interface StartRedisServerOptions {
  /** Binary to run. Default "redis-server" from PATH (Debian: `apt-get install -y redis-server`). */
  bin?: string;
  /** Port to listen on; 0 (default) = pick a free one. Redis itself has no "any free port" (port 0 disables TCP). */
  port?: number;
  /** Give up if it does not answer PING within this many milliseconds. Default 10 000. */
  readyTimeoutMs?: number;
  /** Extra `--option value` arguments, appended last so they win. */
  args?: string[];
}

export interface RunningRedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** SIGTERM by PID, SIGKILL if it has not exited after 5 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL by PID (a crash, not a shutdown); resolves once the process has exited. */
  kill(): Promise<void>;
}

const READY_POLL_MS = 20;
const STOP_GRACE_MS = 5_000;
/** Keep the end of the server's own output for error messages. */
const OUTPUT_TAIL_CHARS = 4_000;
/** Port collisions between "pick a free port" and redis binding it are possible under parallel tests: retry. */
const PORT_ATTEMPTS = 3;

export class RedisServerNotInstalledError extends Error {
  constructor(bin: string) {
    super(
      `redis-server binary "${bin}" was not found on PATH. Install it (Debian: apt-get install -y redis-server) ` +
        `or pass { bin } to startRedisServer.`,
    );
    this.name = "RedisServerNotInstalledError";
  }
}

export async function startRedisServer(opts: StartRedisServerOptions = {}): Promise<RunningRedisServer> {
  const bin = opts.bin ?? "redis-server";
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < (opts.port ? 1 : PORT_ATTEMPTS); attempt++) {
    const port = opts.port || (await freePort());
    try {
      return await startOn(bin, port, opts);
    } catch (err) {
      if (err instanceof RedisServerNotInstalledError) throw err;
      lastError = err instanceof Error ? err : new Error(String(err));
      // Only a lost race for the port is worth another try.
      if (!/Address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error("redis-server did not start");
}

async function startOn(bin: string, port: number, opts: StartRedisServerOptions): Promise<RunningRedisServer> {
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    // A test server: nothing on disk, nothing to clean up.
    "--save", "",
    "--appendonly", "no",
    "--daemonize", "no",
    ...(opts.args ?? []),
  ];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  // Always drain the pipes: a full pipe would block the server.
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const spawnError = new Promise<Error>((resolve) => {
    child.once("error", (err: NodeJS.ErrnoException) => {
      resolve(err.code === "ENOENT" ? new RedisServerNotInstalledError(bin) : err);
    });
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  // If the test process goes away without calling stop(), do not leave an orphan server behind.
  const onProcessExit = (): void => {
    if (!hasExited) child.kill("SIGKILL");
  };
  process.once("exit", onProcessExit);

  const failure = await Promise.race([
    waitForPong(port, opts.readyTimeoutMs ?? 10_000, () => hasExited).then(() => undefined),
    spawnError,
    exited.then(({ code, signal }) => new Error(`redis-server exited early (code ${code}, signal ${signal}): ${output.trim()}`)),
  ]).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));

  if (failure) {
    process.removeListener("exit", onProcessExit);
    if (!hasExited && child.pid !== undefined) {
      child.kill("SIGKILL");
      await exited;
    }
    if (failure instanceof RedisServerNotInstalledError) throw failure;
    throw new Error(`${failure.message}${output && !failure.message.includes(output.trim()) ? `\n${output.trim()}` : ""}`);
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error("redis-server started without a PID");
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    if (!hasExited) {
      signalPid(pid, signal);
      if (signal !== "SIGKILL") {
        const timer = setTimeout(() => signalPid(pid, "SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
    }
    await exited;
    process.removeListener("exit", onProcessExit);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    stop: () => terminate("SIGTERM"),
    kill: () => terminate("SIGKILL"),
  };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    // ESRCH: it exited between our check and the signal; that is what we wanted.
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

/** Ask the OS for a free loopback port. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll with a raw RESP PING (no client library: no reconnect loops, no stray error events). */
async function waitForPong(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const attempts = Math.max(1, Math.ceil(timeoutMs / READY_POLL_MS));
  for (let i = 0; i < attempts && !gaveUp(); i++) {
    if (await pingOnce(port)) return;
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
  // On an early exit the exit branch of the race has already reported why; this message is the fallback.
  if (gaveUp()) throw new Error(`redis-server on 127.0.0.1:${port} exited before answering PING`);
  throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within ${timeoutMs} ms`);
}

/** Resolves true on +PONG, false on any failure (refused, reset, LOADING, …). */
export function pingOnce(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    let reply = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}
