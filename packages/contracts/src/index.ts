// Public surface of @chizze/contracts: errors, building blocks, policies, the route DSL, every resource's
// schemas and routes, and the route table. Deep imports (`@chizze/contracts/api/orders`) work too.
export * from "./errors";
export * from "./common";
export * from "./policies";
export * from "./route";
export * from "./api/health";
export * from "./api/auth";
export * from "./api/app-config";
export * from "./api/catalog";
export * from "./api/cart";
export * from "./api/orders";
export * from "./api/payments";
export * from "./api/me";
export * from "./api/restaurant";
export * from "./api/delivery";
export * from "./api/admin";
export * from "./routes";
