// Worker bootstrap (plain JS so it runs in any Node): registers tsx so a function can be run from its TypeScript
// source as well as from its bundle, then loads the worker main.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
