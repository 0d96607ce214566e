// Index definitions: request params → IndexSpec with Appwrite's checks (unknown column → 400 index_invalid,
// duplicate key → 409, fulltext only on string columns).
import { AppwriteError } from "../errors";
import { isValidKey } from "../ids";
import type { Params } from "./params";
import type { IndexSpec, IndexType, TableMeta } from "./types";

const TYPES = new Set<IndexType>(["key", "unique", "fulltext", "spatial"]);
const SYSTEM = new Set(["$id", "$createdAt", "$updatedAt", "$sequence"]);

/** `columnsKey` is `columns` (TablesDB createIndex) or `attributes` (legacy, and createTable's inline indexes). */
export function indexSpec(t: TableMeta, p: Params, columnsKey: string, now: string, legacy: boolean): IndexSpec {
  const key = p.string("key");
  if (!isValidKey(key)) throw new AppwriteError("general_argument_invalid", "Invalid `key` param: Parameter must contain at most 36 chars.");
  if (t.indexes.some((i) => i.key === key)) throw new AppwriteError(legacy ? "index_already_exists" : "column_index_already_exists");
  const type = p.string("type") as IndexType;
  if (!TYPES.has(type)) throw new AppwriteError("general_argument_invalid", "Invalid `type` param: Value must be one of (key, fulltext, unique, spatial)");
  const columns = p.stringArray(columnsKey);
  if (columns.length === 0 || columns.length > 100) throw new AppwriteError("index_invalid", "Index must have between 1 and 100 columns.");
  for (const c of columns) {
    if (SYSTEM.has(c)) continue;
    const col = t.columns.find((x) => x.key === c);
    if (!col) throw new AppwriteError("index_invalid", `Invalid index attribute "${c}" not found`);
    if (type === "fulltext" && !["string", "varchar", "text", "mediumtext", "longtext"].includes(col.type)) {
      throw new AppwriteError("index_invalid", `Attribute "${c}" cannot be part of a fulltext index, it must be of type string`);
    }
    if (type === "spatial" && !["point", "linestring", "polygon"].includes(col.type)) {
      throw new AppwriteError("index_invalid", `Attribute "${c}" cannot be part of a spatial index, it must be a spatial type`);
    }
  }
  const orders = (p.optArray("orders") ?? []).map((o) => {
    if (typeof o !== "string" || !["asc", "desc"].includes(o.toLowerCase())) {
      throw new AppwriteError("general_argument_invalid", "Invalid `orders` param: Value must be one of (ASC, DESC)");
    }
    // Kept as sent: the CLI compares remote and local orders literally.
    return o;
  });
  if (orders.length > columns.length) throw new AppwriteError("index_invalid", "Index orders must not outnumber its columns.");
  const lengths = (p.optArray("lengths") ?? []).map((l) => Number(l));
  return { key, type, columns, orders, lengths, createdAt: now, updatedAt: now };
}
