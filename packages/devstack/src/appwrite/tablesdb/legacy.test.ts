// The legacy /v1/databases routes with node-appwrite's deprecated Databases service: collections, attributes,
// documents, `$collectionId`, `{total, documents}`, document_*/attribute_* error types, and `$sequence` as an int
// for response formats below 1.9.0 (what the CLI sends).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppwriteException, Client, Databases, Query, TablesDB } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";

let aw: RunningAppwrite;
let legacy: Databases;
let tables: TablesDB;
const c = { databaseId: "old", collectionId: "menu" };

async function failure(p: Promise<unknown>): Promise<AppwriteException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  aw = await startAppwrite({ port: 0 });
  const client = new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey");
  legacy = new Databases(client);
  tables = new TablesDB(client);
  await legacy.create({ databaseId: "old", name: "Old" });
  await legacy.createCollection({ ...c, name: "Menu", documentSecurity: true });
  await legacy.createStringAttribute({ ...c, key: "name", size: 50, required: true });
  await legacy.createFloatAttribute({ ...c, key: "price", required: false, min: 0 });
  await legacy.createIndex({ ...c, key: "i_name", type: "key" as never, attributes: ["name"] });
  await legacy.createDocument({ ...c, documentId: "d1", data: { name: "idli", price: 30 } });
});

afterAll(async () => {
  await aw.close();
});

describe("legacy Databases API", () => {
  it("answers with documents, $collectionId and documentSecurity", async () => {
    const list = await legacy.listDocuments({ ...c, queries: [Query.equal("name", "idli")] });
    expect(list.total).toBe(1);
    expect(list.documents[0]).toMatchObject({ $id: "d1", $collectionId: "menu", $databaseId: "old", name: "idli", price: 30 });
    const col = await legacy.getCollection(c);
    expect(col.documentSecurity).toBe(true);
    expect(col.attributes.map((a) => (a as { key: string }).key)).toEqual(["name", "price"]);
    expect(col.indexes[0]?.attributes).toEqual(["name"]);
    const attrs = await legacy.listAttributes(c);
    expect(attrs.total).toBe(2);
  });

  it("uses document_* and attribute_* error types", async () => {
    const missing = await failure(legacy.getDocument({ ...c, documentId: "nope" }));
    expect([missing.code, missing.type]).toEqual([404, "document_not_found"]);
    const dup = await failure(legacy.createDocument({ ...c, documentId: "d1", data: { name: "x" } as Record<string, unknown> }));
    expect([dup.code, dup.type]).toEqual([409, "document_already_exists"]);
    const bad = await failure(legacy.createDocument({ ...c, documentId: "d2", data: { nope: 1 } as Record<string, unknown> }));
    expect([bad.code, bad.type]).toEqual([400, "document_invalid_structure"]);
    const attr = await failure(legacy.createStringAttribute({ ...c, key: "name", size: 5, required: false }));
    expect([attr.code, attr.type]).toEqual([409, "attribute_already_exists"]);
    const coll = await failure(legacy.getCollection({ databaseId: "old", collectionId: "nope" }));
    expect([coll.code, coll.type]).toEqual([404, "collection_not_found"]);
  });

  it("the same data is reachable through /v1/tablesdb", async () => {
    const row = await tables.getRow({ databaseId: "old", tableId: "menu", rowId: "d1" });
    expect(row.$tableId).toBe("menu");
    expect((await tables.incrementRowColumn({ databaseId: "old", tableId: "menu", rowId: "d1", column: "price", value: 5 })).price).toBe(35);
  });

  it("$sequence is an int for response format 1.8.0 and a string for 1.9.x", async () => {
    const get = async (format: string): Promise<unknown> => {
      const res = await fetch(`${aw.endpoint}/databases/old/collections/menu/documents/d1`, {
        headers: { "x-appwrite-key": "standard_devkey", "x-appwrite-project": "chizze", "x-appwrite-response-format": format },
      });
      return ((await res.json()) as { $sequence: unknown }).$sequence;
    };
    expect(await get("1.8.0")).toBe(1);
    expect(await get("1.9.5")).toBe("1");
  });

  it("GET params arrive PHP-style: queries[] and queries[0] both work, total=false", async () => {
    const q = encodeURIComponent(JSON.stringify({ method: "equal", attribute: "name", values: ["idli"] }));
    for (const key of ["queries[]", "queries[0]"]) {
      const res = await fetch(`${aw.endpoint}/tablesdb/old/tables/menu/rows?${encodeURIComponent(key)}=${q}&total=false`, {
        headers: { "x-appwrite-key": "standard_devkey", "x-appwrite-project": "chizze" },
      });
      expect(await res.json()).toMatchObject({ total: 0, rows: [{ $id: "d1" }] });
    }
  });
});
