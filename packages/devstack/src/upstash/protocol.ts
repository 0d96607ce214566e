// The Upstash REST wire format (edge-stack.md §1), independent of HTTP and of the Redis client:
// request bodies → Redis commands, Redis replies → `{result}` / `{error}` with optional base64 encoding,
// and the Lua shebang rewrite that lets @upstash/ratelimit's scripts run on OSS Redis.
import { createHash } from "node:crypto";

/** One command as the SDK sends it: `["set", "k", "v", "ex", 10]`. */
export type UpstashCommand = readonly unknown[];

/** One answer item: the body of `POST /`, or one element of a `/pipeline` or `/multi-exec` answer. */
export type UpstashReply = { result: unknown } | { error: string };

/** A Redis argument as ioredis accepts it. */
export type RedisArg = string | Buffer;

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** `POST /` takes one flat command. */
export function parseSingle(body: unknown): UpstashCommand {
  if (!isCommand(body)) throw new ProtocolError("ERR failed to parse command: expected a JSON array [command, ...args]");
  return body;
}

/** `/pipeline` and `/multi-exec` take a 2-D array. */
export function parseBatch(body: unknown): UpstashCommand[] {
  if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
    throw new ProtocolError("ERR failed to parse pipeline request: expected a JSON array of commands [[command, ...args], ...]");
  }
  return body;
}

function isCommand(v: unknown): v is UpstashCommand {
  return Array.isArray(v) && v.length > 0 && typeof v[0] === "string" && v[0].length > 0;
}

/**
 * JSON scalars to Redis bulk strings. The SDK already JSON-stringifies objects, so an object here came from a
 * hand-written request; stringify it the same way rather than sending "[object Object]".
 */
export function toRedisArg(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null || v === undefined) return "";
  return JSON.stringify(v);
}

/**
 * Encode a Redis reply for the response body. With `Upstash-Encoding: base64` every string except the literal
 * "OK" is base64 (the client decodes everything else with atob, so an unencoded string that happens to be valid
 * base64 would come out garbled — be consistent). Numbers and null pass through; arrays recurse.
 */
export function encodeResult(value: unknown, base64: boolean): unknown {
  if (Buffer.isBuffer(value)) {
    if (!base64) return value.toString("utf8");
    return isOk(value) ? "OK" : value.toString("base64");
  }
  if (typeof value === "string") {
    if (!base64 || value === "OK") return value;
    return Buffer.from(value, "utf8").toString("base64");
  }
  if (Array.isArray(value)) return value.map((v) => encodeResult(v, base64));
  // A Lua script may return an error reply nested in a table; ioredis hands it over as an Error object.
  if (value instanceof Error) return encodeResult(value.message, base64);
  if (typeof value === "number" || value === null) return value;
  if (value === undefined) return null;
  return value;
}

const OK = Buffer.from("OK");
function isOk(b: Buffer): boolean {
  return b.length === 2 && b.equals(OK);
}

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/**
 * OSS Redis 7.0 rejects the Upstash-only shebang flag `allow-key-locking` ("Unexpected flag in script shebang",
 * edge-stack.md B1). Drop it; keep any other flags; if none remain, turn the line into a Lua comment so line
 * numbers in error messages stay the same.
 */
export function rewriteLuaShebang(script: string): string {
  const match = /^#!lua([^\n]*)/.exec(script);
  if (!match) return script;
  const line = match[0];
  const rest = match[1] ?? "";
  const flagsText = /(?:^|\s)flags=(\S*)/.exec(rest)?.[1] ?? "";
  const flags = flagsText.split(",").filter((f) => f !== "" && f !== "allow-key-locking");
  const replacement = flags.length > 0 ? `#!lua flags=${flags.join(",")}` : `-- ${line}`;
  return replacement + script.slice(line.length);
}

/**
 * sha1(original script) → rewritten script. The SDK's hard-coded SHAs are SHAs of the *original* text, which
 * Redis never sees; serving EVALSHA <original sha> as EVAL <rewritten> keeps them working.
 */
export class ScriptRegistry {
  private readonly scripts = new Map<string, string>();

  /** Remember a script; returns the rewritten text to send to Redis and the SHA the client knows it by. */
  register(original: string): { sha: string; rewritten: string } {
    const sha = sha1Hex(original);
    const rewritten = rewriteLuaShebang(original);
    this.scripts.set(sha, rewritten);
    return { sha, rewritten };
  }

  lookup(sha: string): string | undefined {
    return this.scripts.get(sha.toLowerCase());
  }

  has(sha: string): boolean {
    return this.scripts.has(sha.toLowerCase());
  }

  clear(): void {
    this.scripts.clear();
  }
}

/** What to do with one command: answer locally, or send `name args` to Redis. */
export type PreparedCommand =
  | { kind: "local"; result: unknown }
  /** `answerWith`: reply with this instead of Redis's answer (SCRIPT LOAD answers with the client's SHA). */
  | { kind: "redis"; name: string; args: RedisArg[]; answerWith?: string }
  | { kind: "script-exists"; shas: string[] }
  | { kind: "reject"; error: string };

/**
 * Connection-state commands would change the one shared Redis connection for every other caller (or, for
 * SUBSCRIBE/MONITOR, take it over). The REST API is stateless per request, so refuse them.
 */
const STATEFUL = new Set(["SELECT", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "MONITOR", "QUIT", "RESET", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "CLIENT", "HELLO", "AUTH"]);

/** Map one REST command to what Redis should run, applying the Lua rewrite. */
export function prepareCommand(cmd: UpstashCommand, scripts: ScriptRegistry): PreparedCommand {
  const name = toRedisArg(cmd[0]).toUpperCase();
  const args = cmd.slice(1).map(toRedisArg);
  if (STATEFUL.has(name)) return { kind: "reject", error: `ERR Command is not available: '${name}' (stateless REST endpoint)` };
  if ((name === "EVAL" || name === "EVAL_RO") && args[0] !== undefined) {
    const { rewritten } = scripts.register(args[0]);
    return { kind: "redis", name, args: [rewritten, ...args.slice(1)] };
  }
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[0] !== undefined) {
    const rewritten = scripts.lookup(args[0]);
    // Unknown SHA: let Redis answer (NOSCRIPT, so the SDK falls back to EVAL).
    if (rewritten === undefined) return { kind: "redis", name, args };
    return { kind: "redis", name: name === "EVALSHA_RO" ? "EVAL_RO" : "EVAL", args: [rewritten, ...args.slice(1)] };
  }
  if (name === "SCRIPT") {
    const sub = (args[0] ?? "").toUpperCase();
    if (sub === "LOAD" && args[1] !== undefined) {
      // Load the rewritten text too, so a syntax error surfaces now, as it would on Upstash.
      const { sha, rewritten } = scripts.register(args[1]);
      return { kind: "redis", name: "SCRIPT", args: ["LOAD", rewritten], answerWith: sha };
    }
    if (sub === "EXISTS") return { kind: "script-exists", shas: args.slice(1) };
    if (sub === "FLUSH") scripts.clear();
  }
  return { kind: "redis", name, args };
}

/** Redis errors come back as `ReplyError`s; the REST answer carries the message only. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
