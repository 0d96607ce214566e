// The PDF of an invoice in the `invoices` bucket. Its file id is the invoice row id, so "is it there?" is one getFile,
// and two writers racing to create it meet on the id (the loser's Conflict means the file exists). The file carries
// read permission for the customer only: they download it from Appwrite Storage with their own session or JWT.
import { InputFile } from "node-appwrite/file";
import { BUCKET_IDS, rowPermissions, type Row } from "@chizze/schema";
import { InvoiceDocumentDoc } from "@chizze/schema/tables/invoices";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { Conflict, NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { readDoc } from "../json-doc";
import { renderInvoicePdf } from "./pdf";

export type InvoiceRow = Row<"invoices">;
const BUCKET = BUCKET_IDS.invoices;

/** The download file name: the invoice number with `/` made safe. */
export const invoiceFileName = (number: string): string => `${number.replaceAll("/", "-")}.pdf`;

/** Storage path the customer's app downloads from (with its own session or JWT; Appwrite checks the file permission). */
export const invoiceDownloadPath = (fileId: string): string => `/v1/storage/buckets/${BUCKET}/files/${fileId}/download`;

/** True when a complete file with this id exists; a file whose chunked upload was cut off is removed and counts as absent. */
async function fileExists(deps: Deps, fileId: string): Promise<boolean> {
  try {
    const meta = await appwriteCall(`get invoice file ${fileId}`, () => deps.storage.getFile({ bucketId: BUCKET, fileId }));
    if (meta.chunksUploaded >= meta.chunksTotal) return true;
    await appwriteCall(`delete partial invoice file ${fileId}`, () => deps.storage.deleteFile({ bucketId: BUCKET, fileId }));
    return false;
  } catch (err) {
    if (err instanceof NotFound) return false;
    throw err;
  }
}

/**
 * Makes sure the invoice's PDF exists and the row points at it: renders and uploads it when missing, then sets
 * `file_id`. Idempotent; safe to run concurrently for one invoice.
 */
export async function ensureInvoiceFile(deps: Deps, row: InvoiceRow): Promise<{ fileId: string; created: boolean }> {
  const fileId = row.$id;
  let created = false;
  if (!(await fileExists(deps, fileId))) {
    const pdf = await renderInvoicePdf(readDoc(InvoiceDocumentDoc, row.document));
    try {
      await appwriteCall(`upload invoice file ${fileId}`, () =>
        deps.storage.createFile({ bucketId: BUCKET, fileId, file: InputFile.fromBuffer(Buffer.from(pdf), invoiceFileName(row.invoice_number)), permissions: rowPermissions.customer(row.customer_id) }),
      );
      created = true;
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
    }
  }
  if (row.file_id !== fileId) await deps.db.invoices.update(row.$id, { file_id: fileId });
  return { fileId, created };
}
