// GET /orders/{id}/invoice: the invoice of the caller's delivered order, from the row's frozen document, with the
// Storage file of its PDF. The PDF itself is downloaded from Appwrite Storage with the customer's own session or JWT
// (the file's permission names the customer), so this function never streams bytes. Not yours, or not issued yet
// (no row, or the row still waiting for its file) → 404.
import type { z } from "zod";
import type { Invoice } from "@chizze/contracts/api/orders";
import { BUCKET_IDS } from "@chizze/schema";
import { InvoiceDocumentDoc } from "@chizze/schema/tables/invoices";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { readDoc } from "../json-doc";
import { isoUtc } from "../time";
import { invoiceDownloadPath, invoiceFileName } from "./files";
import { invoiceIdFor } from "./numbering";

export async function getInvoice(deps: Deps, caller: Caller, orderId: string): Promise<z.infer<typeof Invoice>> {
  const row = await deps.db.invoices.get(invoiceIdFor(orderId));
  const mayRead = row && ((row.customer_id === caller.userId && caller.roles.includes("customer")) || caller.roles.includes("admin"));
  if (!row || !mayRead || !row.file_id) throw notFound("Invoice");
  const doc = readDoc(InvoiceDocumentDoc, row.document);
  return {
    id: row.$id,
    orderId: row.order_id,
    orderNumber: doc.orderNumber,
    number: row.invoice_number,
    financialYear: row.financial_year,
    date: isoUtc(doc.date),
    issuedAt: isoUtc(row.issued_at),
    operator: { name: doc.operator.name, address: doc.operator.address, gstin: doc.operator.gstin },
    restaurant: { name: doc.restaurant.name, address: doc.restaurant.address, gstin: doc.restaurant.gstin },
    customer: doc.customer,
    placeOfSupply: doc.placeOfSupply,
    interState: doc.interState,
    lines: doc.lines,
    taxes: doc.taxes,
    totals: doc.totals,
    currency: "INR",
    file: { bucketId: BUCKET_IDS.invoices, fileId: row.file_id, name: invoiceFileName(row.invoice_number), downloadPath: invoiceDownloadPath(row.file_id) },
  };
}
