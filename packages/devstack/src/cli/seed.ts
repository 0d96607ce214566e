// `npm run seed`: writes the demo city into a running devstack (start it with `npm run dev`) and prints what it
// wrote and who to log in as. Safe to run again: existing users and rows are left alone.
//   npm run seed -- --restaurants 2000 --items 8      benchmark-sized city with smaller menus
import { parseArgs } from "node:util";
import { DEV_API_KEY, DEV_PROJECT_ID } from "../stack";
import { countCity, generateCity } from "../seed/generate";
import { seedCity } from "../seed/load";

const DAY_MS = 86_400_000;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

const { values } = parseArgs({
  options: {
    restaurants: { type: "string" },
    partners: { type: "string" },
    customers: { type: "string" },
    items: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(`Usage: npm run seed -- [--restaurants N] [--partners N] [--customers N] [--items N] [--seed N]
Env: APPWRITE_ENDPOINT (default http://127.0.0.1:8090/v1), APPWRITE_PROJECT_ID, APPWRITE_API_KEY`);
  process.exit(0);
}

const endpoint = process.env.APPWRITE_ENDPOINT ?? "http://127.0.0.1:8090/v1";
const projectId = process.env.APPWRITE_PROJECT_ID ?? DEV_PROJECT_ID;
const key = process.env.APPWRITE_API_KEY ?? DEV_API_KEY;

try {
  const items = values.items === undefined ? undefined : positiveInt("items", values.items, 0);
  const city = generateCity({
    seed: positiveInt("seed", values.seed, 42),
    restaurants: positiveInt("restaurants", values.restaurants, 60),
    partners: positiveInt("partners", values.partners, 30),
    customers: positiveInt("customers", values.customers, 20),
    ...(items === undefined ? {} : { itemsPerRestaurant: items }),
    // Start of today (UTC): coupons, closures and riders' last-seen times are current, and reruns on the same
    // day generate the same data.
    now: Math.floor(Date.now() / DAY_MS) * DAY_MS,
  });
  const started = performance.now();
  let lastLine = "";
  const report = await seedCity(endpoint, {
    projectId,
    key,
    city,
    onProgress: (table, done, total) => {
      const line = `  ${table} ${done}/${total}`;
      if (process.stdout.isTTY && line !== lastLine) process.stdout.write(`\r${line.padEnd(48)}`);
      lastLine = line;
    },
  });
  if (process.stdout.isTTY) process.stdout.write(`\r${"".padEnd(48)}\r`);

  const expected = countCity(city);
  const rows: [string, number, number][] = [
    ["users", report.users.created, report.users.existing],
    ...Object.entries(report.rows).map(([t, c]) => [t, c.created, c.existing] as [string, number, number]),
  ];
  console.log(`\n  Seeded ${city.city} (seed ${city.seed}) into ${endpoint} in ${Math.round(performance.now() - started)} ms\n`);
  console.log(`  ${"table".padEnd(20)}${"created".padStart(9)}${"existing".padStart(10)}`);
  for (const [t, created, existing] of rows) console.log(`  ${t.padEnd(20)}${String(created).padStart(9)}${String(existing).padStart(10)}`);
  const zones = city.rows.zones.filter((z) => z.is_active).map((z) => z.name);
  console.log(`\n  ${expected.restaurants} restaurants, ${expected.menu_items} dishes, ${expected.delivery_partners} riders in ${zones.join(", ")}`);
  console.log(`\n  Demo logins (phone OTP, fixed code):`);
  for (const l of report.demoLogins) console.log(`    ${l.role.padEnd(11)}${l.name.padEnd(18)}${l.phone}   OTP ${l.otp}`);
  console.log("");
} catch (err) {
  const cause = err instanceof Error ? err.message : String(err);
  console.error(`Seeding ${endpoint} failed: ${cause}`);
  if (/ECONNREFUSED|fetch failed/.test(cause)) console.error("Is the devstack running? Start it with `npm run dev`.");
  process.exitCode = 1;
}
