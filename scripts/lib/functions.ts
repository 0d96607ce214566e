// Discovers the functions of the repository: one folder per function under functions/, each with a manifest.ts.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { FunctionManifest } from "@chizze/function-kit";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FUNCTIONS_DIR = join(ROOT, "functions");

export interface FunctionFolder {
  id: string;
  dir: string;
  entry: string;
  outfile: string;
  manifest: FunctionManifest;
}

export async function listFunctions(): Promise<FunctionFolder[]> {
  const ids = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FUNCTIONS_DIR, d.name, "manifest.ts")))
    .map((d) => d.name)
    .sort();
  const out: FunctionFolder[] = [];
  for (const id of ids) {
    const dir = join(FUNCTIONS_DIR, id);
    const mod = (await import(pathToFileURL(join(dir, "manifest.ts")).href)) as { default: FunctionManifest };
    if (mod.default.id !== id) throw new Error(`functions/${id}/manifest.ts declares id ${mod.default.id}; the folder name is the id`);
    out.push({ id, dir, entry: join(dir, "src/main.ts"), outfile: join(dir, "dist/main.js"), manifest: mod.default });
  }
  return out;
}
