// The server-priced quote. The client sends what it wants (ids and quantities), never what it costs: prices,
// fees, taxes and discounts are computed here and frozen in a quote that POST /orders consumes.
import { z } from "zod";
import { AppwriteId, Discount, DistanceM, Fees, Minutes, MoneyLine, Paise, PaymentMethod, Taxes, Timestamp } from "../common";
import { defineRoute } from "../route";
import { CouponCode } from "./catalog";

export const MAX_TIP_PAISE = 100_000; // ₹1,000: guards against a fat-fingered extra zero

export const QuoteItemInput = z
  .strictObject({
    itemId: AppwriteId,
    variantId: AppwriteId.optional().meta({ description: "Required when the item has variants" }),
    addonIds: z
      .array(AppwriteId)
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, "addonIds must not repeat")
      .optional(),
    quantity: z.number().int().min(1).max(20),
    notes: z.string().trim().max(200).optional().meta({ description: "Cooking instructions", example: "Less spicy" }),
  })
  .meta({ id: "QuoteItemInput" });

export const QuoteRequest = z
  .strictObject({
    restaurantId: AppwriteId,
    addressId: AppwriteId.meta({ description: "One of the caller's saved addresses" }),
    items: z.array(QuoteItemInput).min(1).max(50),
    couponCode: CouponCode.optional(),
    tipPaise: Paise.max(MAX_TIP_PAISE).optional().meta({ description: "Tip for the delivery partner; passed on in full" }),
    paymentMethod: PaymentMethod,
  })
  .meta({
    id: "QuoteRequest",
    example: {
      restaurantId: "rst_01J9ZQ4W8K3M5N7P",
      addressId: "adr_01J9ZQ4W8K3M5N7P",
      items: [{ itemId: "itm_01J9ZQ4W8K3M5N7P", variantId: "var_full", addonIds: ["add_cheese"], quantity: 2 }],
      couponCode: "WELCOME50",
      tipPaise: 2000,
      paymentMethod: "online",
    },
  });

export const Quote = z
  .object({
    quoteId: AppwriteId,
    expiresAt: Timestamp.meta({ description: "Place the order before this; afterwards POST /orders answers 422 quote_expired" }),
    restaurantId: AppwriteId,
    addressId: AppwriteId,
    paymentMethod: PaymentMethod,
    lines: z.array(MoneyLine),
    itemsPaise: Paise.meta({ description: "Sum of line totals" }),
    fees: Fees,
    taxes: Taxes,
    discount: Discount.nullable(),
    tipPaise: Paise,
    totalPaise: Paise.meta({ description: "itemsPaise + fees + taxes + tipPaise − discount" }),
    distanceM: DistanceM.meta({ description: "Road distance restaurant → address" }),
    etaMinutes: Minutes,
  })
  .meta({ id: "Quote", description: "Server-priced cart, valid until expiresAt" });

export const quoteRoute = defineRoute({
  id: "cart.quote",
  method: "POST",
  path: "/api/v1/cart/quote",
  functionId: "cart-quote",
  roles: ["customer"],
  rateLimit: "cart.quote",
  cache: null,
  idempotency: "none",
  request: { body: QuoteRequest },
  responses: { 200: Quote },
  summary: "Price a cart",
  description:
    "Prices items, variants and add-ons from the live menu, adds packaging, delivery (by distance band), surge, platform fee and GST, applies the coupon and tip. 422 item_unavailable / coupon_invalid / not_serviceable when it cannot.",
  tags: ["cart"],
});

export const cartRoutes = [quoteRoute] as const;
