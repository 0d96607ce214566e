// appwrite.json = schema/ (database, tables, buckets) + every function's manifest. Generated, never edited by hand.
import { buildAppwriteConfig, serializeAppwriteConfig, type AppwriteFunctionConfig } from "@chizze/schema";
import type { FunctionManifest } from "@chizze/function-kit";
import { listFunctions } from "./functions";

export const RUNTIME = "node-22";
export const DEFAULT_SPECIFICATION = "s-0.5vcpu-512mb";

export function functionConfig(m: FunctionManifest): AppwriteFunctionConfig {
  return {
    $id: m.id,
    name: m.name,
    runtime: RUNTIME,
    specification: m.specification ?? DEFAULT_SPECIFICATION,
    // Only API-key holders (the edge, operators) execute functions; see docs/decisions.md.
    execute: [],
    events: m.events ?? [],
    scopes: m.scopes,
    schedule: m.schedule ?? "",
    timeout: m.timeout ?? 15,
    enabled: true,
    logging: true,
    entrypoint: "dist/main.js",
    // The bundle is self-contained: nothing to install at build time.
    commands: "",
    path: `functions/${m.id}`,
    ignore: ["src", "manifest.ts", "*.test.ts", "node_modules"],
  };
}

export async function renderAppwriteJson(): Promise<string> {
  const fns = await listFunctions();
  return serializeAppwriteConfig(buildAppwriteConfig({ functions: fns.map((f) => functionConfig(f.manifest)) }));
}
