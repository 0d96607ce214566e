// Canonical JSON and SHA-256 over WebCrypto, so the same fingerprint comes out on Workers and on Node.
// Workers-safe.

/**
 * JSON with object keys sorted (recursively), no whitespace: two bodies that differ only in key order or spacing
 * get the same text. Follows JSON.stringify otherwise (undefined members dropped, toJSON honoured, non-finite
 * numbers as null). Throws on cycles and BigInt, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, new Set()));
}

function sortKeys(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== "object") return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function") return sortKeys(withJson.toJSON(), seen);
  if (seen.has(value)) throw new TypeError("canonicalJson: cyclic structure");
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => sortKeys(v, seen));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k], seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const b of view) out += HEX[b];
  return out;
}

/** Lower-case hex bytes → bytes; null when the text is not even-length hex. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Hex SHA-256 of a UTF-8 string or bytes. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

/** Fingerprint of a request body for idempotency: sha256 of its canonical JSON. */
export async function fingerprintOf(body: unknown): Promise<string> {
  return sha256Hex(canonicalJson(body));
}
