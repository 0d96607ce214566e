// @chizze/core: the pure domain shared by functions, services and the edge. No I/O, no clock, no randomness:
// time and random numbers come in as arguments. Imports nothing but zod-only @chizze/schema enums and types.
export * from "./money";
export * from "./geo";
export * from "./hours";
export * from "./serviceability";
export * from "./eta";
export * from "./coupons";
export * from "./pricing";
export * from "./order-machine";
export * from "./payment-machine";
export * from "./dispatch-machine";
export * from "./cancellation";
export * from "./dispatch";
export * from "./earnings";
export * from "./ledger";
export * from "./sha256";
export * from "./ids";
export * from "./flags";
