// Demo data for `npm run seed`, `npm run dev` on an empty store, tests and benchmarks: a pure generator of a
// deterministic city and a loader that writes it through the real Appwrite API.
export { generateCity, countCity, slugify, gstinCheckChar, DEFAULT_NOW, SEED_TABLES, type GenerateOptions, type SeedCity, type SeedRow, type SeedTable, type SeedUser } from "./generate";
export { seedCity, isEmpty, registerDemoLogins, seedRowPermissions, type SeedOptions, type SeedReport, type SeedTarget, type WriteCount } from "./load";
export { DEMO_LOGINS, DEMO_OTP, demoLogin, type DemoLogin } from "./demo";
export { pointInPolygon, distanceM, type LngLat, type Polygon } from "./geo";
