// Match a request path against a route pattern (`/api/v1/orders/:id`) and extract its params.

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const a = path.split("?")[0]!.split("/").filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const actual = a[i]!;
    if (seg.startsWith(":")) {
      let value: string;
      try {
        value = decodeURIComponent(actual);
      } catch {
        return null;
      }
      params[seg.slice(1)] = value;
    } else if (seg !== actual) {
      return null;
    }
  }
  return params;
}

/** Query string → object; a key given more than once becomes an array. Values are URL-decoded. */
export function parseQuery(queryString: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const qs = (queryString ?? "").replace(/^\?/, "");
  if (!qs) return out;
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
