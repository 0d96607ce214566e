import type { z } from "zod";
import type { T, RowOf } from "@chizze/schema";
import type { Refund } from "@chizze/contracts/api/orders";
import { isoUtc } from "../time";

/** refunds row → the API's Refund. */
export function toRefund(row: RowOf<typeof T.refunds>): z.infer<typeof Refund> {
  return {
    id: row.$id,
    orderId: row.order_id,
    amountPaise: row.amount_paise,
    status: row.status,
    razorpayRefundId: row.razorpay_refund_id ?? null,
    createdAt: isoUtc(row.requested_at),
  };
}
