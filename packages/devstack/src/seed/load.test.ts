// seedCity against a real devstack (appwrite.json pushed, so every table exists): the expected counts land, row
// permissions follow the schema's access rules, a second run writes nothing, and a demo phone logs in with the
// fixed OTP through the real phone-token flow.
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Account, AppwriteException, Client, ID, Query, TablesDB, Users } from "node-appwrite";
import { DATABASE_ID, rowPermissions } from "@chizze/schema";
import { DEV_API_KEY, DEV_PROJECT_ID, startStack, type Stack } from "../stack";
import { countCity, generateCity, SEED_TABLES, type SeedTable } from "./generate";
import { DEMO_LOGINS, DEMO_OTP, demoLogin } from "./demo";
import { isEmpty, seedCity, type SeedReport } from "./load";

const ROOT = resolve(import.meta.dirname, "../../../..");
const target = { projectId: DEV_PROJECT_ID, key: DEV_API_KEY };
const city = generateCity();
const expected = countCity(city);

let stack: Stack;
let endpoint: string;
let first: SeedReport;

const admin = () => new Client().setEndpoint(endpoint).setProject(DEV_PROJECT_ID).setKey(DEV_API_KEY);

async function totals(): Promise<Record<SeedTable, number>> {
  const tables = new TablesDB(admin());
  const out = {} as Record<SeedTable, number>;
  for (const t of SEED_TABLES) out[t] = (await tables.listRows({ databaseId: DATABASE_ID, tableId: t, queries: [Query.limit(1)] })).total;
  return out;
}

beforeAll(async () => {
  stack = await startStack({ root: ROOT, dataDir: null, functions: false });
  endpoint = stack.appwrite.endpoint;
});
afterAll(async () => {
  await stack?.close();
});

describe("seedCity", () => {
  it("writes every user and row of an empty store", async () => {
    expect(await isEmpty(endpoint, target)).toBe(true);
    first = await seedCity(endpoint, { ...target, city });
    expect(first.users).toEqual({ created: expected.users, existing: 0 });
    for (const t of SEED_TABLES) expect(first.rows[t], t).toEqual({ created: expected[t], existing: 0 });
    expect(await isEmpty(endpoint, target)).toBe(false);

    const stored = await totals();
    for (const t of SEED_TABLES) expect(stored[t], t).toBe(expected[t]);
    const users = await new Users(admin()).list({ queries: [Query.limit(500)] });
    expect(users.total).toBe(expected.users);
  });

  it("stores users with phone, name, labels and a verified phone", async () => {
    const users = new Users(admin());
    for (const login of DEMO_LOGINS) {
      const u = await users.get({ userId: login.userId });
      expect(u).toMatchObject({ phone: login.phone, name: login.name, labels: [login.role], phoneVerification: true });
    }
  });

  it("gives owner-readable rows their owner's read permission and catalog rows none", async () => {
    const tables = new TablesDB(admin());
    const customer = demoLogin("customer");
    const address = await tables.getRow({ databaseId: DATABASE_ID, tableId: "addresses", rowId: "adr_00001_1" });
    expect(address.$permissions).toEqual(rowPermissions.owner(customer.userId));
    const profile = await tables.getRow({ databaseId: DATABASE_ID, tableId: "profiles", rowId: customer.userId });
    expect(profile.$permissions).toEqual(rowPermissions.owner(customer.userId));
    const partner = await tables.getRow({ databaseId: DATABASE_ID, tableId: "delivery_partners", rowId: "prt_00001" });
    expect(partner.$permissions).toEqual(rowPermissions.owner(demoLogin("partner").userId));
    const restaurant = await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00001" });
    expect(restaurant.$permissions).toEqual([]);
    expect(restaurant).toMatchObject({ name: city.rows.restaurants[0]?.name, lat: city.rows.restaurants[0]?.lat });
  });

  it("lets the public read the catalog and only its owner read an address", async () => {
    const guest = new TablesDB(new Client().setEndpoint(endpoint).setProject(DEV_PROJECT_ID));
    const open = await guest.listRows({ databaseId: DATABASE_ID, tableId: "restaurants", queries: [Query.limit(1)] });
    expect(open.total).toBe(expected.restaurants);
    const hidden = await guest.listRows({ databaseId: DATABASE_ID, tableId: "addresses", queries: [Query.limit(1)] });
    expect(hidden.total).toBe(0);
  });

  it("is a no-op the second time: nothing new, nothing failed", async () => {
    const before = await totals();
    const again = await seedCity(endpoint, { ...target, city });
    expect(again.users).toEqual({ created: 0, existing: expected.users });
    for (const t of SEED_TABLES) expect(again.rows[t], t).toEqual({ created: 0, existing: expected[t] });
    expect(await totals()).toEqual(before);
  });

  it("fills in only what is missing after a partial run", async () => {
    const tables = new TablesDB(admin());
    await tables.deleteRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: "itm_00002_003" });
    const report = await seedCity(endpoint, { ...target, city, mockNumbers: false });
    expect(report.rows.menu_items).toEqual({ created: 1, existing: expected.menu_items - 1 });
    expect((await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: "itm_00002_003" })).name).toBe(
      city.rows.menu_items.find((i) => i.$id === "itm_00002_003")?.name,
    );
  });
});

describe("demo logins", () => {
  it("log in with the fixed OTP through the phone-token flow, as the seeded user", async () => {
    for (const login of DEMO_LOGINS) {
      // A server-side (SSR-style) login: the key client receives the session secret and hands it to a session client.
      const account = new Account(admin());
      const token = await account.createPhoneToken({ userId: ID.unique(), phone: login.phone });
      expect(token.userId).toBe(login.userId);
      const session = await account.createSession({ userId: token.userId, secret: DEMO_OTP });
      const me = await new Account(new Client().setEndpoint(endpoint).setProject(DEV_PROJECT_ID).setSession(session.secret)).get();
      expect(me).toMatchObject({ $id: login.userId, phone: login.phone, labels: [login.role], phoneVerification: true });
    }
  });

  it("reject another code", async () => {
    const account = new Account(admin());
    const login = demoLogin("partner");
    const token = await account.createPhoneToken({ userId: ID.unique(), phone: login.phone });
    const err = await account.createSession({ userId: token.userId, secret: "654321" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppwriteException);
    expect((err as AppwriteException).code).toBe(401);
  });
});
