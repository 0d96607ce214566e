// Reads what the installed appwrite-cli (12.0.1) accepts straight from its source, so the tests follow the CLI
// we deploy with rather than a copy of its lists.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve("appwrite-cli/package.json"));

function setLiteral(source: string, name: string): Set<string> {
  const m = new RegExp(`const ${name} = new Set\\(\\[([\\s\\S]*?)\\]\\);`).exec(source);
  if (!m?.[1]) throw new Error(`appwrite-cli: ${name} not found`);
  return new Set([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]!));
}

const config = readFileSync(join(cliDir, "lib/config.js"), "utf8");
const push = readFileSync(join(cliDir, "lib/commands/push.js"), "utf8");

export const cliVersion = (JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")) as { version: string }).version;
export const KeysColumns = setLiteral(config, "KeysColumns");
export const KeysIndexesColumns = setLiteral(config, "KeyIndexesColumns");
export const KeysTable = setLiteral(config, "KeysTable");
export const KeysFunction = setLiteral(config, "KeysFunction");
export const KeysStorage = setLiteral(config, "KeysStorage");
export const KeysDatabase = setLiteral(config, "KeysDatabase");

/** Column types `appwrite push` can create: the `case` labels of push.js createAttribute (string formats aside). */
export const creatableTypes: Set<string> = (() => {
  const start = push.indexOf("const createAttribute =");
  const end = push.indexOf("Unsupported attribute type", start);
  if (start < 0 || end < 0) throw new Error("appwrite-cli: createAttribute not found");
  const body = push.slice(start, end);
  const cases = [...body.matchAll(/case '([a-z]+)':/g)].map((m) => m[1]!);
  return new Set(cases.filter((c) => !["email", "url", "ip", "enum"].includes(c)));
})();
export const stringFormats = new Set(["email", "url", "ip", "enum"]);
