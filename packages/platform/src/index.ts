// @chizze/platform: adapters to Appwrite, Upstash Redis, Razorpay and Appwrite Messaging, plus the breaker, config
// and metrics they share. This entry point is for Node (functions, scripts) and pulls in node-appwrite and the
// razorpay SDK. Workers code imports the Workers-safe modules one by one instead:
//   @chizze/platform/identity, /config, /errors, /hashing, /redis/keys, /redis/client, /redis/cache,
//   /redis/idempotency, /redis/geo, /razorpay/signatures, /razorpay/entities, /resilience/breaker,
//   /resilience/timeout, /observability/metrics
export * from "./config";
export * from "./errors";
export * from "./hashing";
export * from "./identity";

export * from "./appwrite/client";
export { mapAppwriteError, appwriteCall } from "./appwrite/errors";
export * from "./appwrite/tables";
export * from "./appwrite/transaction";

export * from "./redis/client";
export * from "./redis/keys";
export * from "./redis/cache";
export { claim, complete, release, idempotencyHash, type Claim, type ClaimResult, type SettleResult } from "./redis/idempotency";
export * from "./redis/geo";

export * from "./razorpay/entities";
export * from "./razorpay/gateway";
export * from "./razorpay/signatures";

export * from "./resilience/breaker";
export * from "./resilience/timeout";

export * from "./messaging/notifier";
export * from "./observability/metrics";
