// quotes row → the API's Quote. Shared by POST /cart/quote and place-order (which answers from the stored quote).
import type { z } from "zod";
import { PricedLinesDoc, type RowOf, type T } from "@chizze/schema";
import type { Quote } from "@chizze/contracts/api/cart";
import { readDoc } from "../json-doc";
import { isoUtc } from "../time";

export type QuoteRow = RowOf<typeof T.quotes>;

export function toQuote(row: QuoteRow): z.infer<typeof Quote> {
  return {
    quoteId: row.$id,
    expiresAt: isoUtc(row.expires_at),
    restaurantId: row.restaurant_id,
    addressId: row.address_id,
    paymentMethod: row.payment_method,
    lines: readDoc(PricedLinesDoc, row.lines),
    itemsPaise: row.item_total_paise,
    fees: {
      packagingPaise: row.packaging_paise,
      deliveryPaise: row.delivery_fee_paise,
      surgePaise: row.surge_paise,
      platformPaise: row.platform_fee_paise,
    },
    taxes: { gstFoodPaise: row.gst_food_paise, gstFeesPaise: row.gst_fees_paise },
    // A coupon that applied is recorded by its code even when it came to ₹0 (a free cart); no code, no discount.
    discount: row.coupon_code === null ? null : { couponCode: row.coupon_code, amountPaise: row.discount_paise },
    tipPaise: row.tip_paise,
    totalPaise: row.total_paise,
    distanceM: row.distance_m,
    // eta_min is optional in the schema; every quote this service writes sets it.
    etaMinutes: row.eta_min ?? 0,
  };
}
