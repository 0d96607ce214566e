// Who a payout goes to: the payee's user (row permission on the payout) and their Route linked account.
import type { Deps } from "../deps";
import type { Payee } from "./period";

export interface PayeeTarget {
  userId: string;
  /** Linked account to transfer to; null when payouts must wait. */
  accountId: string | null;
  /** Why payouts wait (no linked account, partner KYC not verified); null when they can go. */
  holdReason: string | null;
}

export async function payeeTarget(deps: Deps, payee: Payee): Promise<PayeeTarget | null> {
  if (payee.type === "restaurant") {
    const r = await deps.db.restaurants.get(payee.id);
    if (!r) return null;
    const accountId = r.razorpay_account_id ?? null;
    return { userId: r.owner_id, accountId, holdReason: accountId ? null : "on hold: the restaurant has no Razorpay linked account" };
  }
  const p = await deps.db.delivery_partners.get(payee.id);
  if (!p) return null;
  const accountId = p.razorpay_account_id ?? null;
  // TDS and the Route account both hang on KYC (PAN, bank account): an unverified rider is not paid out yet.
  const holdReason = !accountId ? "on hold: the partner has no Razorpay linked account" : p.kyc_status !== "verified" ? "on hold: partner KYC is not verified" : null;
  return { userId: p.user_id, accountId, holdReason };
}
