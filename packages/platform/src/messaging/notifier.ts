// Push and SMS to our own users through Appwrite Messaging (its providers: FCM/APNs, an SMS gateway). Node only.
//
// Retries are safe: the message id is the caller's dedupe id, so sending the same notification twice answers
// 409 message_already_exists, reported as "duplicate" (already sent), not as an error. A user with no device or
// phone target is a normal outcome ("no_target"), not a failure. Infrastructure failures throw Unavailable.
//
// Appwrite Messaging addresses users and targets, not raw phone numbers: an SMS goes to the user's phone target,
// which Appwrite keeps in step with the account's phone. OTP SMS is sent by Appwrite Auth itself, not from here.
import type { Messaging } from "node-appwrite";
import { APPWRITE_ID } from "@chizze/schema";
import { Conflict, Rejected } from "../errors";
import { appwriteCall } from "../appwrite/errors";

export type SendStatus = "sent" | "duplicate" | "no_target";

export interface PushInput {
  userIds: string[];
  title: string;
  body: string;
  /** Delivered to the app as the push payload (order id, deep link…). */
  data?: Record<string, string>;
  /** Same notification, same id (e.g. `ntf_<order>_<status>`): the retry of a sent one is a no-op. ≤ 36 chars of [A-Za-z0-9._-]. */
  dedupeId: string;
}

export interface SmsInput {
  /** The user whose phone target gets the text. */
  userId: string;
  text: string;
  dedupeId: string;
}

export interface Notifier {
  push(input: PushInput): Promise<SendStatus>;
  sms(input: SmsInput): Promise<SendStatus>;
}

function checkId(dedupeId: string): void {
  if (!APPWRITE_ID.test(dedupeId)) throw new RangeError(`dedupeId must be an Appwrite id (≤36 chars of [A-Za-z0-9._-]): ${dedupeId}`);
}

async function send(what: string, fn: () => Promise<unknown>): Promise<SendStatus> {
  try {
    await appwriteCall(what, fn);
    return "sent";
  } catch (err) {
    if (err instanceof Conflict && err.type === "message_already_exists") return "duplicate";
    if (err instanceof Rejected && err.type === "message_missing_target") return "no_target";
    throw err;
  }
}

export function appwriteNotifier(messaging: Messaging): Notifier {
  return {
    async push(input) {
      checkId(input.dedupeId);
      if (input.userIds.length === 0) return "no_target";
      return send("push", () =>
        messaging.createPush({ messageId: input.dedupeId, title: input.title, body: input.body, users: input.userIds, ...(input.data ? { data: input.data } : {}) }),
      );
    },
    async sms(input) {
      checkId(input.dedupeId);
      return send("sms", () => messaging.createSms({ messageId: input.dedupeId, content: input.text, users: [input.userId] }));
    },
  };
}
