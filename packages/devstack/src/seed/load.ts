// Writes a generated city through the real Appwrite API (node-appwrite), so the seed exercises the same paths as
// production code: users first (phone, name, labels, verified phone), then rows with TablesDB.createRows in
// batches of ≤100, each row carrying the permissions @chizze/schema's access helpers prescribe.
// Idempotent by id: a user or row that already exists is counted, never written twice, and never an error.
import { AppwriteException, Client, Query, TablesDB, Users } from "node-appwrite";
import { DATABASE_ID, T, rowPermissions } from "@chizze/schema";
import { DEMO_LOGINS, type DemoLogin } from "./demo";
import { SEED_TABLES, type SeedCity, type SeedTable, type SeedUser } from "./generate";

export interface SeedTarget {
  projectId: string;
  /** A server API key with users.write and rows.write. */
  key: string;
}

export interface SeedOptions extends SeedTarget {
  city: SeedCity;
  /** Register DEMO_LOGINS as mock numbers (devstack only: PUT /v1/_dev/auth/mock-numbers). Default true. */
  mockNumbers?: boolean;
  /** Rows per createRows call; Appwrite accepts at most 100. */
  batchSize?: number;
  /** Called after each batch, e.g. for a CLI progress line. */
  onProgress?: (table: SeedTable | "users", done: number, total: number) => void;
}

export interface WriteCount {
  created: number;
  existing: number;
}

export interface SeedReport {
  users: WriteCount;
  rows: Record<SeedTable, WriteCount>;
  demoLogins: readonly DemoLogin[];
}

const MAX_BATCH = 100;
// Appwrite caps a query string at 4096 chars; 50 ids of ≤36 chars stay well inside it.
const IDS_PER_QUERY = 50;
const USER_CONCURRENCY = 8;

function clientFor(endpoint: string, target: SeedTarget): Client {
  return new Client().setEndpoint(endpoint).setProject(target.projectId).setKey(target.key);
}

function isCode(e: unknown, code: number): e is AppwriteException {
  return e instanceof AppwriteException && e.code === code;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Row permissions for a seeded row. Tables without row security (catalog, coupons, config) are governed by their
 * table permissions alone, so their rows carry none.
 */
export function seedRowPermissions(table: SeedTable, row: { user_id?: unknown }): string[] {
  if (!T[table].rowSecurity) return [];
  if (typeof row.user_id !== "string") throw new Error(`${table} row without user_id: cannot grant its owner read`);
  // profiles, addresses and delivery_partners are each readable by the one user they describe.
  return rowPermissions.owner(row.user_id);
}

/** Creates the user if absent, then makes labels and phone verification match; returns whether it was new. */
async function ensureUser(users: Users, u: SeedUser): Promise<boolean> {
  let created = true;
  try {
    await users.create({ userId: u.$id, phone: u.phone, name: u.name });
  } catch (e) {
    if (!isCode(e, 409)) throw e;
    created = false;
  }
  let labels: string[] = [];
  let phoneVerified = false;
  if (!created) {
    try {
      const existing = await users.get({ userId: u.$id });
      labels = existing.labels;
      phoneVerified = existing.phoneVerification;
    } catch (e) {
      // 409 on create but no such id: the phone belongs to someone else (e.g. a login before seeding).
      if (isCode(e, 404)) throw new Error(`cannot seed user ${u.$id}: phone ${u.phone} already belongs to another user`, { cause: e });
      throw e;
    }
  }
  if ([...labels].sort().join(",") !== [...u.labels].sort().join(",")) await users.updateLabels({ userId: u.$id, labels: u.labels });
  if (!phoneVerified) await users.updatePhoneVerification({ userId: u.$id, phoneVerification: true });
  return created;
}

async function seedUsers(users: Users, list: readonly SeedUser[], onProgress: SeedOptions["onProgress"]): Promise<WriteCount> {
  const count: WriteCount = { created: 0, existing: 0 };
  let next = 0;
  let done = 0;
  // A few requests in flight: sequential is slow at benchmark scale, unbounded floods the server.
  const worker = async () => {
    while (next < list.length) {
      const u = list[next++] as SeedUser;
      if (await ensureUser(users, u)) count.created++;
      else count.existing++;
      done++;
      if (done % 50 === 0 || done === list.length) onProgress?.("users", done, list.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(USER_CONCURRENCY, list.length) }, worker));
  return count;
}

async function existingIds(tables: TablesDB, tableId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids, IDS_PER_QUERY)) {
    const res = await tables.listRows({ databaseId: DATABASE_ID, tableId, queries: [Query.equal("$id", part), Query.limit(part.length)], total: false });
    for (const r of res.rows) found.add(r.$id);
  }
  return found;
}

async function seedTable(tables: TablesDB, table: SeedTable, rows: readonly { $id: string }[], batchSize: number, onProgress: SeedOptions["onProgress"]): Promise<WriteCount> {
  const count: WriteCount = { created: 0, existing: 0 };
  let done = 0;
  for (const batch of chunks(rows, batchSize)) {
    const payload = batch.map((r) => {
      const permissions = seedRowPermissions(table, r as { user_id?: unknown });
      return permissions.length ? { ...r, $permissions: permissions } : { ...r };
    });
    try {
      await tables.createRows({ databaseId: DATABASE_ID, tableId: table, rows: payload });
      count.created += batch.length;
    } catch (e) {
      if (!isCode(e, 409)) throw e;
      // Some rows of this batch exist (an earlier run, or a trigger wrote them): write only the others. A 409 with
      // none of them existing is a real conflict (a unique column) and the retry surfaces it.
      const present = await existingIds(tables, table, batch.map((r) => r.$id));
      const missing = payload.filter((r) => !present.has(r.$id));
      if (missing.length) await tables.createRows({ databaseId: DATABASE_ID, tableId: table, rows: missing });
      count.created += missing.length;
      count.existing += batch.length - missing.length;
    }
    done += batch.length;
    onProgress?.(table, done, rows.length);
  }
  return count;
}

/** Makes the demo phones log in with the fixed OTP (devstack dev route; replaces the project's mock numbers). */
export async function registerDemoLogins(endpoint: string, target: SeedTarget, logins: readonly DemoLogin[] = DEMO_LOGINS): Promise<void> {
  const res = await fetch(`${endpoint.replace(/\/+$/, "")}/_dev/auth/mock-numbers`, {
    method: "PUT",
    headers: { "content-type": "application/json", "x-appwrite-project": target.projectId, "x-appwrite-key": target.key },
    body: JSON.stringify({ numbers: logins.map((l) => ({ phone: l.phone, otp: l.otp })) }),
  });
  if (!res.ok) throw new Error(`registering demo mock numbers failed: ${res.status} ${await res.text()}`);
}

export async function seedCity(endpoint: string, opts: SeedOptions): Promise<SeedReport> {
  const batchSize = opts.batchSize ?? MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw new RangeError(`batchSize must be 1..${MAX_BATCH}`);
  const client = clientFor(endpoint, opts);
  const users = await seedUsers(new Users(client), opts.city.users, opts.onProgress);
  const tables = new TablesDB(client);
  const rows = {} as Record<SeedTable, WriteCount>;
  for (const table of SEED_TABLES) rows[table] = await seedTable(tables, table, opts.city.rows[table], batchSize, opts.onProgress);
  if (opts.mockNumbers !== false) await registerDemoLogins(endpoint, opts);
  return { users, rows, demoLogins: DEMO_LOGINS };
}

/** True when the store has no restaurants yet: `npm run dev` seeds only then. */
export async function isEmpty(endpoint: string, target: SeedTarget): Promise<boolean> {
  const tables = new TablesDB(clientFor(endpoint, target));
  const res = await tables.listRows({ databaseId: DATABASE_ID, tableId: T.restaurants.id, queries: [Query.limit(1)], total: false });
  return res.rows.length === 0;
}
