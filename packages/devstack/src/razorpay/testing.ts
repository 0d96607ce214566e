// Test helpers shared by the double's own tests and by whole-stack suites: a webhook receiver on a loopback port
// and an SDK instance already pointed at a running double.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  eventId: string;
  signature: string;
  event: string;
  /** Raw body exactly as received: verify signatures over this, never over re-serialised JSON. */
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /**
   * Decide the answer per request (default 200). Return "hang" to never answer (the sender's timeout fires).
   * `n` counts requests from 1.
   */
  respond: (hook: ReceivedWebhook, n: number) => number | "hang";
  /** Forget what was received, restart the request count, answer 200 again. */
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let n = 0;
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    respond: () => 200,
    reset: () => {
      n = 0;
      receiver.received.length = 0;
      receiver.respond = () => 200;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const hook: ReceivedWebhook = {
        eventId: String(req.headers["x-razorpay-event-id"] ?? ""),
        signature: String(req.headers["x-razorpay-signature"] ?? ""),
        event: (JSON.parse(body) as { event: string }).event,
        body,
      };
      const answer = receiver.respond(hook, ++n);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      // Only acknowledged deliveries count as received.
      if (answer >= 200 && answer < 300) receiver.received.push(hook);
      res.writeHead(answer, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/razorpay`;
  return receiver;
}
