// Request params as Appwrite reads them (wire spec §1.2): JSON bodies for writes, PHP-style query strings for GETs
// (`queries[]=`, `queries[0]=`, repeated keys), booleans as "true"/"false". Typed getters answer 400
// general_argument_invalid the way utopia's param validators do.
import type { Context } from "hono";
import { AppwriteError } from "../errors";

const missing = (name: string): AppwriteError => new AppwriteError("general_argument_invalid", `Param "${name}" is not optional.`);
const invalid = (name: string, what: string): AppwriteError => new AppwriteError("general_argument_invalid", `Invalid \`${name}\` param: ${what}`);

export class Params {
  constructor(readonly values: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  string(name: string): string {
    const v = this.values[name];
    if (v === undefined || v === null) throw missing(name);
    if (typeof v !== "string") throw invalid(name, "Value must be a valid string");
    return v;
  }

  optString(name: string): string | undefined {
    const v = this.values[name];
    return v === undefined || v === null ? undefined : this.string(name);
  }

  optBool(name: string): boolean | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (v === true || v === "true" || v === "1" || v === 1) return true;
    if (v === false || v === "false" || v === "0" || v === 0) return false;
    throw invalid(name, "Value must be a valid boolean");
  }

  bool(name: string): boolean {
    const v = this.optBool(name);
    if (v === undefined) throw missing(name);
    return v;
  }

  optNumber(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) throw invalid(name, "Value must be a valid number");
    return n;
  }

  int(name: string): number {
    const n = this.optNumber(name);
    if (n === undefined) throw missing(name);
    if (!Number.isInteger(n)) throw invalid(name, "Value must be a valid integer");
    return n;
  }

  optArray(name: string): unknown[] | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw invalid(name, "Value must be a valid array");
    return v as unknown[];
  }

  stringArray(name: string): string[] {
    const v = this.optArray(name);
    if (v === undefined) throw missing(name);
    if (!v.every((x) => typeof x === "string")) throw invalid(name, "Value must be a valid array of strings");
    return v;
  }

  /** An object param that may also arrive as a JSON string (Appwrite's `JSON` validator). */
  optObject(name: string): Record<string, unknown> | undefined {
    let v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") {
      try {
        v = JSON.parse(v) as unknown;
      } catch {
        throw invalid(name, "Value must be a valid JSON");
      }
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid(name, "Value must be a valid JSON object");
    return v as Record<string, unknown>;
  }
}

/** PHP-style query string: `a[]=x&a[0]=y&a=z` → `{a: [...]}`; plain keys stay scalars unless repeated. */
export function parseQueryString(search: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const arrays = new Map<string, Array<[string, string]>>();
  for (const [key, value] of search) {
    const m = /^([^[\]]+)\[([^\]]*)\]$/.exec(key);
    if (m) {
      const name = m[1] as string;
      const list = arrays.get(name) ?? [];
      list.push([m[2] as string, value]);
      arrays.set(name, list);
    } else if (out[key] !== undefined) {
      out[key] = [...(Array.isArray(out[key]) ? (out[key] as unknown[]) : [out[key]]), value];
    } else {
      out[key] = value;
    }
  }
  for (const [name, list] of arrays) {
    // Indexed keys sort by index; `[]` keys keep their order.
    const indexed = list.every(([i]) => /^\d+$/.test(i));
    const ordered = indexed ? [...list].sort((a, b) => Number(a[0]) - Number(b[0])) : list;
    out[name] = ordered.map(([, v]) => v);
  }
  return out;
}

/** Params of a request: the query string, overlaid by a JSON body for non-GET requests. */
export async function readParams(c: Context): Promise<Params> {
  const values = parseQueryString(new URL(c.req.url).searchParams);
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    const text = await c.req.text();
    if (text.trim() !== "") {
      let body: unknown;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new AppwriteError("general_argument_invalid", "Request body is not valid JSON.");
      }
      if (typeof body === "object" && body !== null && !Array.isArray(body)) Object.assign(values, body);
    }
  }
  return new Params(values);
}
