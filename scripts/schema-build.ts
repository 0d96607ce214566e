// `npm run schema:build`: writes appwrite.json from schema/ and functions/*/manifest.ts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderAppwriteJson } from "./lib/appwrite-json";
import { ROOT } from "./lib/functions";

const text = await renderAppwriteJson();
writeFileSync(join(ROOT, "appwrite.json"), text);
const parsed = JSON.parse(text) as { tables: unknown[]; functions: unknown[]; buckets: unknown[] };
console.log(`appwrite.json: ${parsed.tables.length} tables, ${parsed.buckets.length} buckets, ${parsed.functions.length} functions`);
