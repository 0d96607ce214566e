import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { encodeResult, parseBatch, parseSingle, prepareCommand, ProtocolError, rewriteLuaShebang, ScriptRegistry, sha1Hex } from "./protocol";

/** The client's decode() from @upstash/redis (edge-stack.md §1.2), restated to check our encoder against it. */
function sdkDecode(v: unknown): unknown {
  if (typeof v === "number" || v === "OK") return v;
  if (typeof v === "string") return new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
  if (Array.isArray(v)) return v.map(sdkDecode);
  return null;
}

describe("encodeResult", () => {
  it("base64-encodes every string except OK; numbers and null pass through; arrays recurse", () => {
    expect(encodeResult(Buffer.from("OK"), true)).toBe("OK");
    expect(encodeResult(Buffer.from("PONG"), true)).toBe(Buffer.from("PONG").toString("base64"));
    expect(encodeResult(7, true)).toBe(7);
    expect(encodeResult(null, true)).toBeNull();
    expect(encodeResult([Buffer.from("a"), [Buffer.from("b"), 2, null]], true)).toEqual(["YQ==", ["Yg==", 2, null]]);
    expect(encodeResult([Buffer.from("a"), 1], false)).toEqual(["a", 1]);
  });

  it("round-trips any UTF-8 text through the SDK's decoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(sdkDecode(encodeResult(Buffer.from(s, "utf8"), true))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("rewriteLuaShebang", () => {
  it("drops allow-key-locking and comments out a shebang left without flags", () => {
    expect(rewriteLuaShebang("#!lua flags=allow-key-locking\nreturn 1")).toBe("-- #!lua flags=allow-key-locking\nreturn 1");
  });
  it("keeps the other flags", () => {
    expect(rewriteLuaShebang("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
  });
  it("leaves scripts without a shebang alone", () => {
    expect(rewriteLuaShebang("return redis.call('get', KEYS[1])")).toBe("return redis.call('get', KEYS[1])");
  });
});

describe("prepareCommand", () => {
  it("serves EVALSHA of the original SHA as EVAL of the rewritten script once it has been seen", () => {
    const scripts = new ScriptRegistry();
    const script = "#!lua flags=allow-key-locking\nreturn 1";
    const sha = sha1Hex(script);
    expect(prepareCommand(["evalsha", sha, 0], scripts)).toEqual({ kind: "redis", name: "EVALSHA", args: [sha, "0"] });
    prepareCommand(["eval", script, 0], scripts);
    expect(prepareCommand(["evalsha", sha, 0], scripts)).toEqual({ kind: "redis", name: "EVAL", args: [rewriteLuaShebang(script), "0"] });
  });

  it("answers SCRIPT LOAD with the SHA of the text the client sent", () => {
    const scripts = new ScriptRegistry();
    const script = "#!lua flags=allow-key-locking\nreturn 2";
    const p = prepareCommand(["script", "load", script], scripts);
    expect(p).toMatchObject({ kind: "redis", name: "SCRIPT", answerWith: sha1Hex(script) });
  });

  it("stringifies JSON scalars and refuses connection-state commands", () => {
    const scripts = new ScriptRegistry();
    expect(prepareCommand(["set", "k", 1.5, true, null], scripts)).toEqual({ kind: "redis", name: "SET", args: ["k", "1.5", "true", ""] });
    expect(prepareCommand(["select", 1], scripts).kind).toBe("reject");
    expect(prepareCommand(["subscribe", "c"], scripts).kind).toBe("reject");
  });
});

describe("request bodies", () => {
  it("accepts a flat command for / and a 2-D array for /pipeline", () => {
    expect(parseSingle(["get", "k"])).toEqual(["get", "k"]);
    expect(parseBatch([["get", "k"], ["ping"]])).toHaveLength(2);
  });
  it("rejects other shapes", () => {
    expect(() => parseSingle({ cmd: "get" })).toThrow(ProtocolError);
    expect(() => parseSingle([])).toThrow(ProtocolError);
    expect(() => parseBatch(["get", "k"])).toThrow(ProtocolError);
    expect(() => parseBatch([])).toThrow(ProtocolError);
  });
});
