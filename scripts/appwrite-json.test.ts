// appwrite.json is generated: it must equal what schema/ and the manifests produce, carry every function and
// table, and never carry secret values. `.env.example` must name every variable a function reads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tables } from "@chizze/schema";
import { renderAppwriteJson } from "./lib/appwrite-json";
import { listFunctions, ROOT } from "./lib/functions";

describe("appwrite.json", () => {
  it("is up to date with schema/ and functions/*/manifest.ts (run `npm run schema:build`)", async () => {
    const committed = readFileSync(join(ROOT, "appwrite.json"), "utf8");
    expect(committed).toBe(await renderAppwriteJson());
  });

  it("carries every table and every function, with no variable values", async () => {
    const config = JSON.parse(readFileSync(join(ROOT, "appwrite.json"), "utf8")) as { tables: { $id: string }[]; functions: Record<string, unknown>[] };
    expect(config.tables.map((t) => t.$id).sort()).toEqual(tables.map((t) => t.id).sort());
    const fns = await listFunctions();
    expect(config.functions.map((f) => f.$id)).toEqual(fns.map((f) => f.id));
    for (const f of config.functions) {
      expect(f).not.toHaveProperty("vars");
      expect(f).toMatchObject({ runtime: "node-22", entrypoint: "dist/main.js", execute: [] });
    }
  });

  it(".env.example names every variable a function reads", async () => {
    const example = readFileSync(join(ROOT, ".env.example"), "utf8");
    for (const fn of await listFunctions()) {
      for (const name of fn.manifest.variables) expect(example, `${fn.id} reads ${name}`).toMatch(new RegExp(`^${name}=`, "m"));
    }
  });
});
