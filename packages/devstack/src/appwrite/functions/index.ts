// The Functions module: registry + executions API + the runner that fires executions on events and schedules.
import { readFileSync } from "node:fs";
import type { AppwriteModule } from "../server";
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { FunctionHost } from "../../functions/host";
import { createFunctionStore, type FunctionRecord, type FunctionStore } from "./store";
import { FunctionRunner, type RunnerOptions } from "./runner";
import { registerFunctionRoutes } from "./routes";

export interface FunctionsModuleOptions extends RunnerOptions {
  /** appwrite.json to load functions from at start (their `path` is relative to `root`). */
  appwriteJson?: string;
  /** Runtime idle time before it stops (ms). */
  idleMs?: number;
}

interface ConfigFunction {
  $id: string;
  name: string;
  runtime: string;
  execute?: string[];
  events?: string[];
  schedule?: string;
  timeout?: number;
  enabled?: boolean;
  logging?: boolean;
  entrypoint: string;
  commands?: string;
  scopes?: string[];
  specification?: string;
  path?: string;
}

/** Upsert the functions of an appwrite.json into the registry (variables already set are kept). */
export function loadFunctions(deps: AppwriteDeps, store: FunctionStore, functions: ConfigFunction[]): void {
  const now = isoDate(deps.now());
  for (const f of functions) {
    const existing = store.getFunction(f.$id);
    const record: FunctionRecord = {
      $id: f.$id,
      $createdAt: existing?.$createdAt ?? now,
      $updatedAt: now,
      name: f.name,
      runtime: f.runtime,
      execute: f.execute ?? [],
      events: f.events ?? [],
      schedule: f.schedule ?? "",
      timeout: f.timeout ?? 15,
      enabled: f.enabled ?? true,
      logging: f.logging ?? true,
      entrypoint: f.entrypoint,
      commands: f.commands ?? "",
      scopes: f.scopes ?? [],
      specification: f.specification ?? "s-1vcpu-512mb",
      path: f.path ?? `functions/${f.$id}`,
      vars: existing?.vars ?? {},
      deploymentId: existing?.deploymentId || "local",
    };
    store.putFunction(record);
  }
}

export interface FunctionsModule {
  module: AppwriteModule;
  /** Available once the module is registered. */
  runner: () => FunctionRunner;
  store: () => FunctionStore;
}

export function createFunctionsModule(opts: FunctionsModuleOptions): FunctionsModule {
  let runner: FunctionRunner | undefined;
  let store: FunctionStore | undefined;
  return {
    module: (app, deps) => {
      store = createFunctionStore(deps.db);
      if (opts.appwriteJson) {
        const config = JSON.parse(readFileSync(opts.appwriteJson, "utf8")) as { functions?: ConfigFunction[] };
        loadFunctions(deps, store, config.functions ?? []);
      }
      runner = new FunctionRunner(deps, store, new FunctionHost({ idleMs: opts.idleMs ?? 60_000 }), opts);
      registerFunctionRoutes(app, deps, store, runner);
      runner.start();
    },
    runner: () => {
      if (!runner) throw new Error("functions module not registered");
      return runner;
    },
    store: () => {
      if (!store) throw new Error("functions module not registered");
      return store;
    },
  };
}
