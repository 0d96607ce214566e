// refunds.components for a refund amount: the order's paid components scaled to the amount (exact: core's
// allocate sums to the amount), so a partial, late or external refund still explains what it gave back.
import { allocate, paidComponents } from "@chizze/core";
import type { RefundComponents } from "@chizze/schema";
import { amountsOf, componentsDoc, type OrderRow } from "../orders/transition";

/**
 * @example refundComponents(order, order.total_paise) // the whole paid breakdown
 */
export function refundComponents(order: OrderRow, amountPaise: number): RefundComponents {
  const paid = paidComponents(amountsOf(order));
  if (amountPaise === paid.totalPaise) return componentsDoc(paid);
  const weights = [paid.itemsPaise, paid.packagingPaise, paid.deliveryPaise, paid.platformPaise, paid.taxesPaise, paid.tipPaise];
  const [itemsPaise = 0, packagingPaise = 0, deliveryPaise = 0, platformPaise = 0, taxesPaise = 0, tipPaise = 0] = weights.some((w) => w > 0) ? allocate(amountPaise, weights) : [amountPaise, 0, 0, 0, 0, 0];
  return { itemsPaise, packagingPaise, deliveryPaise, platformPaise, taxesPaise, tipPaise };
}
