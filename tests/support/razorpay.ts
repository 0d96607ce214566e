// Razorpay webhooks in tests: the double queues events (no URL in test stacks); these hand them to the
// payments-webhook function exactly as Razorpay would POST them — raw body, signature and event id headers.
import { Functions } from "node-appwrite";
import { razorpayWebhookRoute } from "@chizze/contracts/api/payments";
import type { TestStack } from "./stack";

export interface WebhookDelivery {
  eventId: string;
  status: number;
  body: string;
}

type QueuedEvent = { id: string; body: string };

/** POST one event (or a forged body) to the webhook function. */
export async function deliverWebhook(stack: TestStack, event: QueuedEvent, signature = stack.razorpay.webhooks.sign(event.body)): Promise<WebhookDelivery> {
  const execution = await new Functions(stack.admin()).createExecution({
    functionId: razorpayWebhookRoute.functionId ?? "payments-webhook",
    async: false,
    method: "POST" as never,
    xpath: razorpayWebhookRoute.path,
    headers: { "content-type": "application/json", "x-razorpay-signature": signature, "x-razorpay-event-id": event.id },
    body: event.body,
  });
  return { eventId: event.id, status: execution.responseStatusCode, body: execution.responseBody };
}

/** Every event the double has emitted and not yet sent, in emission order; marks them sent. */
export async function deliverPendingWebhooks(stack: TestStack, seen: Set<string> = deliveredIds(stack)): Promise<WebhookDelivery[]> {
  const out: WebhookDelivery[] = [];
  for (const e of stack.razorpay.webhooks.events()) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(await deliverWebhook(stack, e));
  }
  return out;
}

const sentByStack = new WeakMap<TestStack, Set<string>>();
function deliveredIds(stack: TestStack): Set<string> {
  let s = sentByStack.get(stack);
  if (!s) sentByStack.set(stack, (s = new Set()));
  return s;
}
