// Archive files in the `archives` bucket through node-appwrite Storage. A file's id is its batch's id, so "is this
// batch's file there?" is one getFile; a file whose chunked upload was cut off (chunksUploaded < chunksTotal) counts
// as absent and is removed before the batch is uploaded again.
import { InputFile } from "node-appwrite/file";
import { BUCKET_IDS } from "@chizze/schema";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";

const BUCKET = BUCKET_IDS.archives;

/** The file's bytes, or null when there is no complete file with this id. */
export async function downloadArchiveFile(deps: Deps, fileId: string): Promise<Buffer | null> {
  try {
    const meta = await appwriteCall(`get file ${fileId}`, () => deps.storage.getFile({ bucketId: BUCKET, fileId }));
    if (meta.chunksUploaded < meta.chunksTotal) {
      await deleteArchiveFile(deps, fileId);
      return null;
    }
    const bytes = await appwriteCall(`download file ${fileId}`, () => deps.storage.getFileDownload({ bucketId: BUCKET, fileId }));
    return Buffer.from(bytes);
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}

/** Uploads a new file (throws Conflict when the id is taken: the caller reads that file instead). */
export async function uploadArchiveFile(deps: Deps, fileId: string, name: string, gz: Buffer): Promise<void> {
  await appwriteCall(`upload file ${fileId}`, () => deps.storage.createFile({ bucketId: BUCKET, fileId, file: InputFile.fromBuffer(gz, name) }));
}

/** True when a file was deleted, false when there was none. */
export async function deleteArchiveFile(deps: Deps, fileId: string): Promise<boolean> {
  try {
    await appwriteCall(`delete file ${fileId}`, () => deps.storage.deleteFile({ bucketId: BUCKET, fileId }));
    return true;
  } catch (err) {
    if (err instanceof NotFound) return false;
    throw err;
  }
}
