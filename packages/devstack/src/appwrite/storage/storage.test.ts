// Storage through the real node-appwrite 27 client: buckets, whole and chunked uploads, limits, file security.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppwriteException, Client, Compression, ID, Permission, Role, Storage, Users } from "node-appwrite";
import { InputFile } from "node-appwrite/file";
import { startAppwrite, type RunningAppwrite } from "../index";
import type { PlatformEvent } from "../context";

let aw: RunningAppwrite;
const events: PlatformEvent[] = [];
const client = () => new Client().setEndpoint(aw.endpoint).setProject("chizze");
const admin = () => new Storage(client().setKey("standard_devkey"));

async function failure(p: Promise<unknown>): Promise<{ code: number; type: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return { code: e.code, type: e.type };
    throw e;
  }
  throw new Error("expected the call to fail");
}

async function userStorage(): Promise<{ storage: Storage; userId: string }> {
  const users = new Users(client().setKey("standard_devkey"));
  const u = await users.create({ userId: ID.unique() });
  const s = await users.createSession({ userId: u.$id });
  return { storage: new Storage(client().setSession(s.secret)), userId: u.$id };
}

beforeAll(async () => {
  aw = await startAppwrite();
  aw.deps.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await aw.close();
});

describe("storage", () => {
  it("manages buckets", async () => {
    const b = await admin().createBucket({ bucketId: "exports", name: "exports", allowedFileExtensions: ["json", "BIN"], maximumFileSize: 16_000_000, compression: Compression.Gzip });
    expect(b).toMatchObject({ $id: "exports", fileSecurity: false, enabled: true, maximumFileSize: 16_000_000, allowedFileExtensions: ["json", "bin"], compression: "gzip", totalSize: 0, $permissions: [] });
    expect((await admin().listBuckets()).buckets.map((x) => x.$id)).toContain("exports");
    expect((await admin().updateBucket({ bucketId: "exports", name: "Exports" })).name).toBe("Exports");
    expect(await failure(admin().createBucket({ bucketId: "exports", name: "again" }))).toEqual({ code: 409, type: "storage_bucket_already_exists" });
    expect(await failure(admin().getBucket({ bucketId: "missing" }))).toEqual({ code: 404, type: "storage_bucket_not_found" });
  });

  it("round-trips small and chunked (>5 MB) uploads and enforces limits", async () => {
    const json = Buffer.from(JSON.stringify({ orders: [1, 2, 3] }));
    const small = await admin().createFile({ bucketId: "exports", fileId: ID.unique(), file: InputFile.fromBuffer(json, "export.json") });
    expect(small).toMatchObject({ bucketId: "exports", name: "export.json", mimeType: "application/json", sizeOriginal: json.length, chunksTotal: 1, chunksUploaded: 1 });
    expect(small.signature).toBe(createHash("md5").update(json).digest("hex"));
    // Raw HTTP: node-appwrite parses any application/json response body, so a JSON file comes back as an object
    // through the SDK (as it would from Appwrite, which serves the file's mime type).
    const res = await fetch(`${aw.endpoint}/storage/buckets/exports/files/${small.$id}/download`, { headers: { "x-appwrite-project": "chizze", "x-appwrite-key": "standard_devkey" } });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="export.json"');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(json);
    expect(events.some((e) => e.functionEvents.includes(`buckets.exports.files.${small.$id}.create`) && e.functionEvents.includes("buckets.*.files.*.create"))).toBe(true);

    // 12.5 MB: the SDK sends three 5 MB chunks with content-range, the last two concurrently with x-appwrite-id.
    const big = Buffer.alloc(12_500_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) % 251;
    const file = await admin().createFile({ bucketId: "exports", fileId: ID.unique(), file: InputFile.fromBuffer(big, "big.bin") });
    expect(file).toMatchObject({ sizeOriginal: big.length, chunksTotal: 3, chunksUploaded: 3 });
    const back = Buffer.from(await admin().getFileView({ bucketId: "exports", fileId: file.$id }));
    expect(createHash("md5").update(back).digest("hex")).toBe(createHash("md5").update(big).digest("hex"));
    expect((await admin().getBucket({ bucketId: "exports" })).totalSize).toBe(big.length + json.length);

    expect(await failure(admin().createFile({ bucketId: "exports", fileId: ID.unique(), file: InputFile.fromBuffer(json, "run.exe") }))).toEqual({ code: 400, type: "storage_file_type_unsupported" });
    await admin().createBucket({ bucketId: "tiny", name: "tiny", maximumFileSize: 1000 });
    expect(await failure(admin().createFile({ bucketId: "tiny", fileId: ID.unique(), file: InputFile.fromBuffer(Buffer.alloc(2000), "a.bin") }))).toEqual({ code: 400, type: "storage_invalid_file_size" });

    const renamed = await admin().updateFile({ bucketId: "exports", fileId: small.$id, name: "renamed.json" });
    expect(renamed.name).toBe("renamed.json");
    expect((await admin().listFiles({ bucketId: "exports" })).total).toBe(2);
    await admin().deleteFile({ bucketId: "exports", fileId: small.$id });
    expect(await failure(admin().getFile({ bucketId: "exports", fileId: small.$id }))).toEqual({ code: 404, type: "storage_file_not_found" });
  });

  it("fileSecurity hides other users' files (404) and bucket permissions gate create", async () => {
    await admin().createBucket({ bucketId: "invoices", name: "invoices", fileSecurity: true, permissions: [Permission.create(Role.users())] });
    const alice = await userStorage();
    const bob = await userStorage();
    const mine = await alice.storage.createFile({ bucketId: "invoices", fileId: ID.unique(), file: InputFile.fromPlainText("inv-1", "inv.txt") });
    expect(mine.$permissions).toEqual([`read("user:${alice.userId}")`, `update("user:${alice.userId}")`, `delete("user:${alice.userId}")`]);
    expect(Buffer.from(await alice.storage.getFileDownload({ bucketId: "invoices", fileId: mine.$id })).toString()).toBe("inv-1");
    expect((await alice.storage.listFiles({ bucketId: "invoices" })).total).toBe(1);

    expect(await failure(bob.storage.getFile({ bucketId: "invoices", fileId: mine.$id }))).toEqual({ code: 404, type: "storage_file_not_found" });
    expect(await failure(bob.storage.getFileDownload({ bucketId: "invoices", fileId: mine.$id }))).toEqual({ code: 404, type: "storage_file_not_found" });
    expect(await failure(bob.storage.deleteFile({ bucketId: "invoices", fileId: mine.$id }))).toEqual({ code: 404, type: "storage_file_not_found" });
    expect((await bob.storage.listFiles({ bucketId: "invoices" })).total).toBe(0);
    // A user may not grant a role it does not hold.
    expect(await failure(bob.storage.createFile({ bucketId: "invoices", fileId: ID.unique(), file: InputFile.fromPlainText("x", "x.txt"), permissions: [Permission.read(Role.user(alice.userId))] }))).toEqual({ code: 401, type: "user_unauthorized" });
    // Bucket without create for users; without fileSecurity and read → 401 on list.
    expect(await failure(alice.storage.createFile({ bucketId: "exports", fileId: ID.unique(), file: InputFile.fromPlainText("{}", "a.json") }))).toEqual({ code: 401, type: "user_unauthorized" });
    expect(await failure(alice.storage.listFiles({ bucketId: "exports" }))).toEqual({ code: 401, type: "user_unauthorized" });
    // Buckets are key-only.
    expect(await failure(alice.storage.listBuckets())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect((await admin().listFiles({ bucketId: "invoices" })).total).toBe(1);
  });
});
