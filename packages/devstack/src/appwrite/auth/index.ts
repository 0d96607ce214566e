// What other devstack modules, tests and seeds use from auth. Routes are registered by `authModule`.
export { authModule } from "./module";
export { GUEST, callerFromJwt, callerFromSession, callerMiddleware, hasScope, resolveCaller, resolveKey, userRoles } from "./caller";
export { callerHasScope, requireScope } from "./scopes";
export { decodeEphemeralKey, mintEphemeralKey } from "./function-keys";
export { signUserJwt } from "./user-jwt";
export { createUserSession, type TestSession } from "./testing";
export { latestOtp } from "./phone-token";
export { setMockNumbers, type MockNumber } from "./mock-numbers";
export { createConsoleAccount } from "./console-store";
export { generateEvents, platformEvent } from "./event-names";
export { listTargetRows, type TargetRow } from "./targets-store";
