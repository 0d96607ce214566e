// Opaque cursors for lists computed in memory (nearby): the sort key of the last row served plus its id, so the next
// page starts strictly after it. Stable when the list changes between pages (a restaurant that closes or opens
// meanwhile never makes another one repeat), and tied to the sort order it was made for.
import { ApiError } from "@chizze/contracts/errors";

/** A sort key: compared element by element; `id` breaks ties so the order is total. */
export type SortKey = readonly number[];

interface CursorBody {
  s: string;
  k: number[];
  id: string;
}

export function encodeCursor(sort: string, key: SortKey, id: string): string {
  const body: CursorBody = { s: sort, k: [...key], id };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** Reads a cursor made by encodeCursor for `sort`; anything else is the client's mistake (400). */
export function decodeCursor(cursor: string, sort: string): { key: SortKey; id: string } {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ApiError("bad_request", "Invalid cursor");
  }
  const b = body as Partial<CursorBody> | null;
  if (!b || typeof b !== "object" || typeof b.id !== "string" || !Array.isArray(b.k) || !b.k.every((n) => typeof n === "number" && Number.isFinite(n))) {
    throw new ApiError("bad_request", "Invalid cursor");
  }
  if (b.s !== sort) throw new ApiError("bad_request", "This cursor belongs to another sort order; start again without a cursor");
  return { key: b.k, id: b.id };
}

/** Total order on (key, id). */
export function compareKeys(a: SortKey, aId: string, b: SortKey, bId: string): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}
