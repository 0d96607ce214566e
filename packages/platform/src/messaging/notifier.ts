// Push and SMS to our own users, behind one provider interface per channel, with Appwrite Messaging as the
// implementation (it fronts the real providers: FCM/APNs for push, MSG91/Twilio/… for SMS, configured in the
// Appwrite console, so switching SMS vendor is configuration, not code). Node only.
//
// Retries are safe: the message id is the caller's dedupe id, so sending the same notification twice answers
// 409 message_already_exists, reported as "duplicate" (already sent), not as an error. A user with no device or
// phone target is a normal outcome ("no_target"), not a failure. Infrastructure failures throw Unavailable.
//
// Appwrite Messaging addresses users and targets, not raw phone numbers: an SMS goes to the user's phone target,
// which Appwrite keeps in step with the account's phone. OTP SMS is sent by Appwrite Auth itself, not from here.
import { Query, type Messaging, type Users } from "node-appwrite";
import { APPWRITE_ID } from "@chizze/schema";
import { Conflict, NotFound, Rejected } from "../errors";
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

/** The push channel: FCM/APNs through Appwrite Messaging in production; any provider with the same contract. */
export interface PushProvider {
  push(input: PushInput): Promise<SendStatus>;
}

/** The SMS channel (restaurant escalation; the OTP fallback channel): MSG91/Twilio through Appwrite Messaging. */
export interface SmsProvider {
  sms(input: SmsInput): Promise<SendStatus>;
}

export interface Notifier extends PushProvider, SmsProvider {}

export interface AppwriteNotifierOptions {
  /**
   * With a Users client, recipients are checked for a live target of the channel first. Appwrite 1.9 accepts a
   * message whose users have no target and only fails it later in its worker, so without the check a user with no
   * device would look "sent"; the devstack answers 400 message_missing_target at once (handled either way).
   */
  users?: Users;
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

/** The users among `userIds` with at least one unexpired target of `providerType` (an unknown user has none). */
async function reachable(users: Users, userIds: readonly string[], providerType: "push" | "sms"): Promise<string[]> {
  const out: string[] = [];
  for (const userId of userIds) {
    try {
      const res = await appwriteCall("users.listTargets", () => users.listTargets({ userId, queries: [Query.equal("providerType", providerType)] }));
      if (res.targets.some((t) => t.providerType === providerType && t.expired !== true)) out.push(userId);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
  }
  return out;
}

/** Push through Appwrite Messaging (`POST /messaging/messages/push`, messageId = dedupe id). */
export function appwritePush(messaging: Messaging, opts: AppwriteNotifierOptions = {}): PushProvider {
  return {
    async push(input) {
      checkId(input.dedupeId);
      const userIds = opts.users ? await reachable(opts.users, input.userIds, "push") : input.userIds;
      if (userIds.length === 0) return "no_target";
      return send("push", () => messaging.createPush({ messageId: input.dedupeId, title: input.title, body: input.body, users: userIds, ...(input.data ? { data: input.data } : {}) }));
    },
  };
}

/** SMS through Appwrite Messaging (`POST /messaging/messages/sms`) to the user's phone target. */
export function appwriteSms(messaging: Messaging, opts: AppwriteNotifierOptions = {}): SmsProvider {
  return {
    async sms(input) {
      checkId(input.dedupeId);
      if (opts.users && (await reachable(opts.users, [input.userId], "sms")).length === 0) return "no_target";
      return send("sms", () => messaging.createSms({ messageId: input.dedupeId, content: input.text, users: [input.userId] }));
    },
  };
}

/** Both channels from their providers (e.g. Appwrite push with another SMS vendor's provider). */
export function notifierOf(providers: { push: PushProvider; sms: SmsProvider }): Notifier {
  return { push: (input) => providers.push.push(input), sms: (input) => providers.sms.sms(input) };
}

/** Push and SMS through Appwrite Messaging. */
export function appwriteNotifier(messaging: Messaging, opts: AppwriteNotifierOptions = {}): Notifier {
  return notifierOf({ push: appwritePush(messaging, opts), sms: appwriteSms(messaging, opts) });
}
