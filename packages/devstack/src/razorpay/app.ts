// The HTTP face of the double: Razorpay's /v1 routes (HTTP Basic key_id:key_secret) plus /_test controls.
// Thin transport: parse, call one verb, answer; RazorpayError → Razorpay's error body.
import { Hono, type Context } from "hono";
import type { RazorpayContext } from "./context";
import { authorizeLate, pay, type PayOptions } from "./checkout";
import { authFailed, RazorpayError, urlNotFound } from "./errors";
import { createOrder, getOrder, listOrderPayments } from "./orders";
import { capturePayment, getPayment } from "./payments";
import { createRefund, getPaymentRefund, getRefund, listPaymentRefunds, settleRefund } from "./refunds";
import { createDirectTransfer, createPaymentTransfers, getTransfer, listPaymentTransfers, listTransfers, reverseTransfer } from "./transfers";

/** Headers worth keeping in the call log (never Authorization). */
const LOGGED_HEADERS = ["x-refund-idempotency", "x-transfer-idempotency", "x-razorpay-account", "user-agent"];

export function createRazorpayApp(ctx: RazorpayContext): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof RazorpayError) return c.json(err.toJSON(), err.status);
    // Anything else is a bug in the double: say so on stderr, answer as Razorpay would.
    process.stderr.write(`[razorpay] ${err.stack ?? String(err)}\n`);
    return c.json(new RazorpayError(500, "We are facing some trouble completing your request at the moment. Please try again shortly.").toJSON(), 500);
  });
  app.notFound((c) => c.json(urlNotFound().toJSON(), 404));

  // Log every /v1 call with its final status, auth failures included.
  app.use("/v1/*", async (c, next) => {
    // Hono caches the body text, so handlers can read it again.
    const raw = c.req.method === "GET" ? "" : await c.req.text();
    await next();
    let body: unknown = raw;
    try {
      body = raw === "" ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      // keep the raw text in the log
    }
    const headers: Record<string, string> = {};
    for (const h of LOGGED_HEADERS) {
      const v = c.req.header(h);
      if (v !== undefined) headers[h] = v;
    }
    ctx.state.calls.push({ at: ctx.now(), method: c.req.method, path: c.req.path, status: c.res.status, body, headers });
  });
  app.use("/v1/*", async (c, next) => {
    if (!basicAuthOk(c.req.header("authorization"), ctx.config.keyId, ctx.config.keySecret)) throw authFailed();
    await next();
  });

  const body = readBody;
  const param = (c: Context, name: string): string => c.req.param(name) ?? "";

  app.post("/v1/orders", async (c) => c.json(createOrder(ctx, await body(c))));
  app.get("/v1/orders/:id", (c) => c.json(getOrder(ctx, param(c, "id"))));
  app.get("/v1/orders/:id/payments", (c) => c.json(listOrderPayments(ctx, param(c, "id"))));

  app.get("/v1/payments/:id", (c) => c.json(getPayment(ctx, param(c, "id"))));
  app.post("/v1/payments/:id/capture", async (c) => c.json(capturePayment(ctx, param(c, "id"), await body(c))));
  app.post("/v1/payments/:id/refund", async (c) =>
    c.json(createRefund(ctx, param(c, "id"), await body(c), c.req.header("x-refund-idempotency"))),
  );
  app.get("/v1/payments/:id/refunds", (c) => c.json(listPaymentRefunds(ctx, param(c, "id"))));
  app.get("/v1/payments/:id/refunds/:rfnd", (c) => c.json(getPaymentRefund(ctx, param(c, "id"), param(c, "rfnd"))));
  app.get("/v1/refunds/:id", (c) => c.json(getRefund(ctx, param(c, "id"))));

  app.post("/v1/payments/:id/transfers", async (c) =>
    c.json(createPaymentTransfers(ctx, param(c, "id"), await body(c), c.req.header("x-transfer-idempotency"))),
  );
  app.get("/v1/payments/:id/transfers", (c) => c.json(listPaymentTransfers(ctx, param(c, "id"))));
  app.post("/v1/transfers", async (c) => c.json(createDirectTransfer(ctx, await body(c), c.req.header("x-transfer-idempotency"))));
  app.get("/v1/transfers", (c) => c.json(listTransfers(ctx, c.req.query())));
  app.get("/v1/transfers/:id", (c) => c.json(getTransfer(ctx, param(c, "id"))));
  app.post("/v1/transfers/:id/reversals", async (c) => c.json(reverseTransfer(ctx, param(c, "id"), await body(c))));

  // Test controls: what the customer's browser (Checkout) and the bank would do. No auth: loopback only.
  app.post("/_test/checkout/:orderId/pay", async (c) => c.json(pay(ctx, param(c, "orderId"), (await readBody(c)) as PayOptions)));
  app.post("/_test/payments/:id/authorize-late", async (c) => {
    authorizeLate(ctx, param(c, "id"), (await readBody(c)) as { capture?: boolean });
    return c.json(getPayment(ctx, param(c, "id")));
  });
  app.post("/_test/refunds/:id/settle", async (c) => {
    const { outcome } = (await readBody(c)) as { outcome?: "processed" | "failed" };
    return c.json(settleRefund(ctx, param(c, "id"), outcome === "failed" ? "failed" : "processed"));
  });

  return app;
}

/** JSON (what the SDK sends) or a form body (what curl examples in Razorpay's docs send). */
async function readBody(c: Context): Promise<unknown> {
  if (c.req.method === "GET" || c.req.method === "HEAD") return undefined;
  const text = await c.req.text();
  if (text.trim() === "") return {};
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RazorpayError(400, "The request body is not valid JSON", { source: "business", reason: "input_validation_failed" });
  }
}

function basicAuthOk(header: string | undefined, keyId: string, keySecret: string): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 && decoded.slice(0, colon) === keyId && decoded.slice(colon + 1) === keySecret;
}
