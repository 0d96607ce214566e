// Worker bootstrap (plain JS so it runs in any Node). Functions normally run from their esbuild bundle and the worker
// main from its own plain-JS build (host.ts), so a warm runtime carries no TypeScript loader: tsx's hooks cost every
// worker a loader thread, ~150 MB of RSS and CPU on each import. Only a function run from its TypeScript source (or a
// worker main that could not be built) registers tsx.
import { workerData } from "node:worker_threads";

const { entry, main } = workerData;
if (entry.endsWith(".ts") || main.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(main);
