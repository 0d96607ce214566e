// Request parsing shared by the auth, storage, messaging and health routes: Appwrite's param conventions
// (JSON bodies, PHP-style GET arrays, booleans as strings) and its 400 general_argument_invalid messages.
import type { Context } from "hono";
import { AppwriteError } from "../errors";

export type Params = Record<string, unknown>;

/** The request params: JSON body for writes, the query string for GET (arrays from `x[]`, `x[0]` or repeated `x`). */
export async function readParams(c: Context): Promise<Params> {
  const out: Params = {};
  for (const [rawKey, value] of new URL(c.req.url).searchParams) {
    const m = /^([^[]+)\[(\d*)\]$/.exec(rawKey);
    if (m?.[1]) {
      const list = Array.isArray(out[m[1]]) ? (out[m[1]] as unknown[]) : [];
      list.push(value);
      out[m[1]] = list;
    } else if (rawKey in out) {
      out[rawKey] = [...(Array.isArray(out[rawKey]) ? (out[rawKey] as unknown[]) : [out[rawKey]]), value];
    } else {
      out[rawKey] = value;
    }
  }
  if (c.req.method === "GET" || c.req.method === "HEAD") return out;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) {
    const text = await c.req.text();
    if (text.trim() === "") return out;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppwriteError("general_argument_invalid", "Invalid JSON body.");
    }
    if (body && typeof body === "object" && !Array.isArray(body)) Object.assign(out, body);
  }
  return out;
}

function invalid(name: string, what: string): AppwriteError {
  return new AppwriteError("general_argument_invalid", `Invalid \`${name}\` param: ${what}`);
}

function missing(name: string): AppwriteError {
  return new AppwriteError("general_argument_invalid", `Param "${name}" is not optional.`);
}

export function reqString(p: Params, name: string, max = 65535): string {
  const v = p[name];
  if (v === undefined || v === null) throw missing(name);
  if (typeof v !== "string") throw invalid(name, "Value must be a valid string");
  if (v.length > max) throw invalid(name, `Value must be a valid string and at most ${max} chars`);
  return v;
}

export function optString(p: Params, name: string, max = 65535): string | undefined {
  return p[name] === undefined || p[name] === null ? undefined : reqString(p, name, max);
}

export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalid(name, "Value must be a valid boolean");
}

export function reqBool(p: Params, name: string): boolean {
  const v = optBool(p, name);
  if (v === undefined) throw missing(name);
  return v;
}

export function optInt(p: Params, name: string, min: number, max: number): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(name, `Value must be a valid range between ${min} and ${max}`);
  return n;
}

export function optStringArray(p: Params, name: string, maxItems = 100, maxLen = 65535): string[] | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > maxItems || v.some((x) => typeof x !== "string" || x.length > maxLen)) {
    throw invalid(name, `Value must be a valid array no longer than ${maxItems} items`);
  }
  return v as string[];
}

export function reqStringArray(p: Params, name: string, maxItems = 100, maxLen = 65535): string[] {
  const v = optStringArray(p, name, maxItems, maxLen);
  if (v === undefined) throw missing(name);
  return v;
}

export function optObject(p: Params, name: string): Record<string, unknown> | undefined {
  let v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw invalid(name, "Value must be a valid JSON object");
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid(name, "Value must be a valid object");
  return v as Record<string, unknown>;
}

/** The project a request addresses: X-Appwrite-Project header, else the `project` query param. */
export function projectOf(headers: Headers, url: string): string | undefined {
  return headers.get("x-appwrite-project") ?? new URL(url).searchParams.get("project") ?? undefined;
}
