// Storage buckets. Functions write every file with the API key; users only ever read, and only where a
// file permission (fileSecurity) or the public menu-images bucket allows it.
import { PUBLIC_READ } from "./access";
import { defineBucket } from "./dsl";
import type { BucketDef } from "./dsl";

// Appwrite's default upload limit (_APP_STORAGE_LIMIT) is 30 MB; a bucket may not exceed the server's.
const MB = 1_000_000;

export const BUCKET_IDS = {
  archives: "archives",
  invoices: "invoices",
  exports: "exports",
  menuImages: "menu-images",
} as const;

/** Order archives (gzip JSON, production-architecture §4.4): nobody but the API key reads them. */
export const archivesBucket = defineBucket({
  $id: BUCKET_IDS.archives,
  name: "Order archives",
  $permissions: [],
  fileSecurity: false,
  maximumFileSize: 30 * MB,
  allowedFileExtensions: ["gz"],
  compression: "none", // already gzip
  encryption: true,
});

/** GST invoice PDFs: each file readable by its customer (file permission set by the invoice function). */
export const invoicesBucket = defineBucket({
  $id: BUCKET_IDS.invoices,
  name: "Invoices",
  $permissions: [],
  fileSecurity: true,
  maximumFileSize: 5 * MB,
  allowedFileExtensions: ["pdf"],
  compression: "none",
  encryption: true,
});

/** Privacy exports (GET /me/export): each file readable by the user it describes. */
export const exportsBucket = defineBucket({
  $id: BUCKET_IDS.exports,
  name: "Data exports",
  $permissions: [],
  fileSecurity: true,
  maximumFileSize: 30 * MB,
  allowedFileExtensions: ["json", "zip"],
  compression: "gzip",
  encryption: true,
});

/** Restaurant and dish photos: public (served through the CDN, 7-day cache, purged on update). */
export const menuImagesBucket = defineBucket({
  $id: BUCKET_IDS.menuImages,
  name: "Menu images",
  $permissions: [...PUBLIC_READ],
  fileSecurity: false,
  maximumFileSize: 5 * MB,
  allowedFileExtensions: ["jpg", "jpeg", "png", "webp"],
  compression: "none", // images are already compressed
  encryption: false, // public content: encrypting it at rest would protect nothing
});

export const buckets: readonly BucketDef[] = [archivesBucket, invoicesBucket, exportsBucket, menuImagesBucket];
