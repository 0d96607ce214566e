export { createDeps, createDb, type Deps, type Db, type Logger } from "./deps";
export { depsFor, platformConfig } from "./runtime";
export { requireCaller, notFound, type Caller } from "./caller";
export { isoUtc, isoUtcOrNull } from "./time";
