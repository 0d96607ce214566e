// The invoice document → a one- or two-page A4 PDF (pdf-lib, standard Helvetica). The PDF is a rendering of the row's
// document and nothing else, with its dates fixed to the invoice date, so rendering the same invoice again (a file
// lost after the row was written) gives the same bytes.
//
// Helvetica is a WinAnsi font: it has no ₹ (amounts read "Rs.") and no Devanagari; characters it cannot draw print as
// "?" rather than failing the invoice (embedding a Unicode font needs @pdf-lib/fontkit and a font file, not here yet).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { InvoiceDocument } from "@chizze/schema/tables/invoices";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const GREY = rgb(0.35, 0.35, 0.35);
const IST_OFFSET_MS = 330 * 60_000;

/** Rs. 1,234.56 (Indian digit grouping); negative amounts get a leading minus. */
export function rupees(paise: number): string {
  const sign = paise < 0 ? "-" : "";
  const abs = Math.abs(paise);
  const whole = Math.floor(abs / 100).toString();
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",");
  return `${sign}Rs. ${rest ? `${rest},` : ""}${last3}.${String(abs % 100).padStart(2, "0")}`;
}

/** 31 Mar 2026, 23:10 IST */
export function istDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + IST_OFFSET_MS);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} IST`;
}

const pct = (bps: number): string => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 1)}%`;

/** Keeps what WinAnsi can encode (printable ASCII and Latin-1); anything else becomes "?". */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7E\xA0-\xFF]/g, "?");
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Moves down by `h`, starting a new page when the line would not fit. */
  down(h: number): void {
    if (this.y - h < MARGIN) {
      this.page = this.pdf.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
    this.y -= h;
  }

  text(s: string, x: number, opts: { size?: number; bold?: boolean; right?: boolean; color?: ReturnType<typeof rgb>; maxWidth?: number } = {}): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.font;
    let t = printable(s);
    if (opts.maxWidth && font.widthOfTextAtSize(t, size) > opts.maxWidth) {
      while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > opts.maxWidth) t = t.slice(0, -1);
      t = `${t.trimEnd()}...`;
    }
    const w = font.widthOfTextAtSize(t, size);
    this.page.drawText(t, { x: opts.right ? x - w : x, y: this.y, size, font, color: opts.color ?? rgb(0, 0, 0) });
  }

  /** Wrapped paragraph at x within width. */
  para(s: string, x: number, width: number, size = 9, color = rgb(0, 0, 0)): void {
    const words = printable(s).split(/\s+/);
    let line = "";
    for (const w of words) {
      const next = line ? `${line} ${w}` : w;
      if (this.font.widthOfTextAtSize(next, size) > width && line) {
        this.down(size + 3);
        this.text(line, x, { size, color });
        line = w;
      } else line = next;
    }
    if (line) {
      this.down(size + 3);
      this.text(line, x, { size, color });
    }
  }

  rule(): void {
    this.down(6);
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 3 }, end: { x: A4[0] - MARGIN, y: this.y + 3 }, thickness: 0.5, color: GREY });
  }
}

const COL = { desc: MARGIN, sac: 330, qty: 390, rate: 470, amount: A4[0] - MARGIN };

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const issued = new Date(doc.date);
  pdf.setTitle(`Tax invoice ${doc.number}`);
  pdf.setAuthor(doc.operator.name);
  pdf.setCreator("Chizze");
  pdf.setProducer("Chizze invoices");
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const w = new Writer(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  const right = A4[0] - MARGIN;
  const width = A4[0] - 2 * MARGIN;

  w.text("TAX INVOICE", MARGIN, { size: 16, bold: true });
  w.text(`Invoice no. ${doc.number}`, right, { size: 10, bold: true, right: true });
  w.down(14);
  w.text(`Date: ${istDateTime(doc.date)}`, right, { right: true });
  w.text(`Order ${doc.orderNumber}`, MARGIN);
  w.para(
    `Restaurant service supplied through ${doc.operator.name}, an electronic commerce operator paying the GST on it under section 9(5) of the CGST Act, 2017; delivery and platform services supplied by ${doc.operator.name}.`,
    MARGIN,
    width,
    8,
    GREY,
  );
  w.rule();

  const party = (title: string, p: { name: string | null; address: string | null; gstin?: string | null }) => {
    w.down(12);
    w.text(title, MARGIN, { bold: true });
    w.down(11);
    w.text(p.name ?? "-", MARGIN);
    if (p.address) w.para(p.address, MARGIN, width);
    if (p.gstin !== undefined) {
      w.down(11);
      w.text(`GSTIN: ${p.gstin ?? "unregistered"}`, MARGIN);
    }
  };
  party("Electronic commerce operator", doc.operator);
  party("Restaurant", doc.restaurant);
  party("Billed to", { name: doc.customer.name ?? "Customer", address: doc.customer.address });
  w.down(11);
  w.text(`Place of supply: ${doc.placeOfSupply.stateName ?? "-"}${doc.placeOfSupply.stateCode ? ` (${doc.placeOfSupply.stateCode})` : ""}`, MARGIN);
  w.rule();

  w.down(12);
  w.text("Description", COL.desc, { bold: true });
  w.text("SAC", COL.sac, { bold: true });
  w.text("Qty", COL.qty, { bold: true, right: true });
  w.text("Rate", COL.rate, { bold: true, right: true });
  w.text("Amount", COL.amount, { bold: true, right: true });

  const section = (key: "food" | "fees", title: string, taxable: number) => {
    const lines = doc.lines.filter((l) => l.section === key);
    if (lines.length === 0 && taxable === 0) return;
    w.down(16);
    w.text(title, COL.desc, { bold: true });
    for (const l of lines) {
      w.down(12);
      w.text(l.description, COL.desc, { maxWidth: COL.sac - COL.desc - 8 });
      if (l.sac) w.text(l.sac, COL.sac);
      if (l.quantity !== null) w.text(String(l.quantity), COL.qty, { right: true });
      if (l.unitPaise !== null) w.text(rupees(l.unitPaise), COL.rate, { right: true });
      w.text(rupees(l.amountPaise), COL.amount, { right: true });
    }
    w.down(12);
    w.text("Taxable value", COL.desc, { bold: true });
    w.text(rupees(taxable), COL.amount, { right: true, bold: true });
    for (const t of doc.taxes.filter((x) => x.section === key)) {
      w.down(12);
      w.text(`${t.kind} @ ${pct(t.rateBps)}`, COL.desc);
      w.text(rupees(t.amountPaise), COL.amount, { right: true });
    }
  };
  section("food", "Restaurant service (GST paid by the operator under s.9(5))", doc.totals.foodTaxablePaise);
  section("fees", "Delivery and platform services", doc.totals.feesTaxablePaise);
  for (const l of doc.lines.filter((x) => x.section === "other")) {
    w.down(16);
    w.text(l.description, COL.desc, { maxWidth: COL.rate - COL.desc });
    w.text(rupees(l.amountPaise), COL.amount, { right: true });
  }
  w.rule();
  w.down(14);
  w.text("Total GST", COL.desc);
  w.text(rupees(doc.totals.gstFoodPaise + doc.totals.gstFeesPaise), COL.amount, { right: true });
  w.down(16);
  w.text("Total paid", COL.desc, { bold: true, size: 12 });
  w.text(rupees(doc.totals.totalPaise), COL.amount, { right: true, bold: true, size: 12 });
  w.down(24);
  w.para("Amounts in Indian rupees (INR). This is a computer-generated invoice and needs no signature.", MARGIN, width, 8, GREY);

  return pdf.save({ useObjectStreams: false });
}
