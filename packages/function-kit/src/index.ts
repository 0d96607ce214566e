export { defineFunction, ok, created, accepted, noContent } from "./define";
export type { RouteLike, RouteRole, Reply, HttpContext, EventContext, ScheduleContext, FunctionDef, DefineOptions } from "./define";
export { baseEnvSchema, parseEnv, type BaseEnv } from "./config";
export { createLogger, processSink, type Logger, type LogSink } from "./logger";
export { triggerOf, type AppwriteEntrypoint, type RuntimeContext, type TriggerKind } from "@chizze/contracts/open-runtimes";
export { matchPath, parseQuery } from "./route-match";
export { ApiError } from "@chizze/contracts/errors";
export { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES, type FunctionManifest } from "./manifest";
