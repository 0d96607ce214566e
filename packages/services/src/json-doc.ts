// JSON text columns (schema dsl `json(...)`) hold documents we wrote ourselves: read them back with their shape
// and fail loudly on anything else (a corrupt money document must never be guessed at).
import type { z } from "zod";

/** Parses a JSON column with its document schema; throws on invalid JSON or shape. */
export function readDoc<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  return schema.parse(JSON.parse(text));
}

/** Same, for nullable columns. */
export function readDocOrNull<S extends z.ZodType>(schema: S, text: string | null | undefined): z.output<S> | null {
  return text === null || text === undefined ? null : readDoc(schema, text);
}

/** Serialises a document for a JSON column. */
export const writeDoc = (value: unknown): string => JSON.stringify(value);
