// @chizze/edge: the Hono app (runtime-neutral) and its building blocks. Entries: worker.ts (Workers), node.ts (Node).
export { createApp, type AppOptions, type EdgeApp, type ErrorContext } from "./app";
export { buildOpenApi } from "./openapi";
export type { Bindings, EdgeEnv, Variables } from "./env";
