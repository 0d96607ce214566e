// Storage limits Appwrite inherits from MariaDB/MySQL (utopia-php/database SQL adapter). appwrite-cli creates
// columns one by one, so a table that breaks these fails half-way through `appwrite push`; the tests check them.
import type { ColumnSpec, IndexSpec, Table } from "./dsl";

/** MariaDB row size limit the adapter enforces (getDocumentSizeLimit). */
export const MAX_ROW_WIDTH_BYTES = 65_535;
/** Width of Appwrite's own columns (_id, _uid, _tenant, _createdAt, _updatedAt, _permissions). */
export const SYSTEM_ROW_WIDTH_BYTES = 1_067;
/** Longest string stored inline as VARCHAR; longer ones are TEXT and only a pointer counts. */
export const MAX_VARCHAR_CHARS = 16_381;
/** Key/unique index length budget in characters (767 with shared tables, as on Appwrite Cloud). */
export const MAX_INDEX_LENGTH = 767;
/** Appwrite creates enum columns as strings of this size (Database::LENGTH_KEY), whatever the elements. */
export const ENUM_COLUMN_SIZE = 255;

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

function storedStringSize(spec: ColumnSpec): number {
  if (spec.type !== "string") return 0;
  return "size" in spec ? spec.size : ENUM_COLUMN_SIZE;
}

/** Bytes one column adds to the row, as the adapter estimates it (getAttributeWidth). */
export function columnWidth(spec: ColumnSpec): number {
  if ("array" in spec && spec.array) return 20;
  switch (spec.type) {
    case "string": {
      const size = storedStringSize(spec);
      if (size > MAX_VARCHAR_CHARS) return 20;
      return size > 255 ? size * 4 + 2 : size * 4 + 1;
    }
    case "integer":
      return spec.min < INT32_MIN || spec.max > INT32_MAX ? 8 : 4;
    case "double":
      return 8;
    case "boolean":
      return 1;
    case "datetime":
      return 7;
    case "point":
      return 25;
    case "polygon":
      return 20;
  }
}

export function rowWidth(table: Table): number {
  return table.columnSpecs.reduce((sum, spec) => sum + columnWidth(spec), SYSTEM_ROW_WIDTH_BYTES);
}

/** Index length in the validator's units: a string counts its size, a double 2, anything else 1. */
export function indexLength(table: Table, index: IndexSpec): number {
  if (index.type === "fulltext") return 0;
  let total = 0;
  for (const key of index.columns) {
    const spec = table.columnSpecs.find((c) => c.key === key);
    if (!spec) {
      total += 1; // system columns ($createdAt, $id …) are fixed-width
      continue;
    }
    total += spec.type === "string" ? storedStringSize(spec) : spec.type === "double" ? 2 : 1;
  }
  return total;
}
