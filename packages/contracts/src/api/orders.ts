// Orders: place from a quote, read own orders, cancel by stage policy, review once delivered.
// One Order view serves customer, restaurant, partner and admin; the function fills the role-only fields
// (deliveryOtp for the customer, pickupCode for restaurant and partner) and leaves the others out.
import { z } from "zod";
import { CANCEL_ACTORS, CANCEL_REASONS, DISPATCH_STATES, ORDER_STATUSES, PAYMENT_STATUSES, REFUND_STATUSES, VEHICLE_TYPES } from "@chizze/schema";
import {
  AppwriteId,
  Amounts,
  Currency,
  IdParams,
  IdempotencyHeaders,
  LatLng,
  MaskedPhone,
  MoneyLine,
  PageQuery,
  Paise,
  PaymentMethod,
  Stars,
  Timestamp,
  page,
} from "../common";
import { defineRoute } from "../route";

/**
 * Order lifecycle (reliability-and-security.md §1.6): created → awaiting_payment → placed → accepted → preparing →
 * ready → picked_up → delivered; cancelled → refund_pending → refunded when money was captured.
 */
export const OrderStatus = z
  .enum(ORDER_STATUSES)
  .meta({ id: "OrderStatus" });
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Payment sub-state; moves forward only (created < failed < authorized < captured < refunded). */
export const PaymentStatus = z
  .enum(PAYMENT_STATUSES)
  .meta({ id: "PaymentStatus" });

export const DispatchState = z
  .enum(DISPATCH_STATES)
  .meta({ id: "DispatchState", description: "Delivery-partner assignment progress" });

export const CancelReasonCode = z
  .enum(CANCEL_REASONS)
  .meta({ id: "CancelReasonCode", description: "Which reasons a caller may use depends on its role and the order's stage" });

export const FourDigitCode = z.string().regex(/^\d{4}$/, "Code is 4 digits");

export const OrderAddress = z.object({
  label: z.string(),
  text: z.string().meta({ description: "One-line formatted address", example: "Flat 4B, Prestige Tower, Indiranagar, Bengaluru 560038" }),
  location: LatLng,
  instructions: z.string().nullable(),
});

export const TimelineEntry = z.object({ status: OrderStatus, at: Timestamp });

export const OrderPartner = z
  .object({
    name: z.string(),
    phoneMasked: MaskedPhone.meta({ description: "Display only; calls go through the masked-calling number" }),
    vehicle: z.object({ type: z.enum(VEHICLE_TYPES), number: z.string().nullable() }),
    rating: z.number().min(0).max(5).nullable(),
  })
  .meta({ id: "OrderPartner" });

export const Cancellation = z.object({
  by: z.enum(CANCEL_ACTORS),
  reasonCode: CancelReasonCode,
  note: z.string().nullable(),
  at: Timestamp,
});

export const Order = z
  .object({
    id: AppwriteId,
    orderNumber: z.string().meta({ description: "Human-friendly number for support and the kitchen ticket", example: "CHZ-261126-0042" }),
    status: OrderStatus,
    dispatchState: DispatchState,
    paymentStatus: PaymentStatus,
    paymentMethod: PaymentMethod,
    restaurant: z.object({ id: AppwriteId, name: z.string(), location: LatLng }),
    customerId: AppwriteId.optional().meta({ description: "Restaurant and admin views only" }),
    items: z.array(MoneyLine),
    amounts: Amounts,
    discount: z.object({ couponCode: z.string(), amountPaise: Paise }).nullable(),
    deliveryAddress: OrderAddress,
    placedAt: Timestamp,
    acceptedAt: Timestamp.nullable(),
    etaAt: Timestamp.nullable().meta({ description: "Current delivery estimate; null before acceptance or after delivery" }),
    deliveredAt: Timestamp.nullable(),
    prepTimeMinutes: z.number().int().nonnegative().nullable().meta({ description: "Set by the restaurant on accept" }),
    pickupCode: FourDigitCode.optional().meta({ description: "Restaurant and partner views only: matches the bag at hand-over" }),
    deliveryOtp: FourDigitCode.optional().meta({ description: "Customer view only: tell it to the partner at the door" }),
    timeline: z.array(TimelineEntry),
    partner: OrderPartner.nullable().optional().meta({ description: "Assigned partner; omitted in the restaurant's queue before assignment" }),
    cancellation: Cancellation.nullable(),
    canCancel: z.boolean().meta({ description: "The caller may cancel now under the stage policy" }),
    canReview: z.boolean().meta({ description: "Delivered and not yet reviewed (customer view)" }),
  })
  .meta({ id: "Order" });
export type Order = z.infer<typeof Order>;

export const OrderSummary = z
  .object({
    id: AppwriteId,
    orderNumber: z.string(),
    status: OrderStatus,
    paymentStatus: PaymentStatus,
    restaurant: z.object({ id: AppwriteId, name: z.string(), imageUrl: z.string().nullable() }),
    itemCount: z.number().int().nonnegative(),
    itemsPreview: z.string().meta({ example: "2 × Chicken Biryani, 1 × Raita" }),
    totalPaise: Paise,
    placedAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
  })
  .meta({ id: "OrderSummary" });

// ---- place -------------------------------------------------------------------------------------------

export const PlaceOrderRequest = z
  .strictObject({
    quoteId: AppwriteId,
    paymentMethod: PaymentMethod.optional().meta({ description: "If sent, must equal the quote's; changing it needs a new quote" }),
    addressId: AppwriteId.optional().meta({ description: "If sent, must equal the quote's" }),
  })
  .meta({ id: "PlaceOrderRequest", example: { quoteId: "qte_01J9ZQ4W8K3M5N7P" } });

export const CheckoutPayment = z
  .object({
    razorpayOrderId: z.string().meta({ example: "order_NkQ2Z7cW9zLkXb" }),
    keyId: z.string().meta({ description: "Razorpay public key id for Checkout", example: "rzp_live_ILgsfZCZoFIKMb" }),
    amountPaise: Paise,
    currency: Currency,
  })
  .meta({ id: "CheckoutPayment", description: "Open Razorpay Checkout with these" });

export const PlaceOrderResponse = z
  .object({ order: Order, payment: CheckoutPayment.nullable().meta({ description: "null for cash on delivery" }) })
  .meta({ id: "PlaceOrderResponse" });

export const placeOrderRoute = defineRoute({
  id: "orders.place",
  method: "POST",
  path: "/api/v1/orders",
  functionId: "orders-place",
  roles: ["customer"],
  rateLimit: "orders.place",
  cache: null,
  idempotency: "required",
  request: { body: PlaceOrderRequest, headers: IdempotencyHeaders },
  responses: { 201: PlaceOrderResponse },
  summary: "Place an order from a quote",
  description:
    "One transaction writes the order, stock and coupon use; online orders get a Razorpay order for Checkout. Retries with the same Idempotency-Key replay the first answer. 422 quote_expired / item_unavailable; 503 intake_paused while the kill switch is on.",
  tags: ["orders"],
});

// ---- read --------------------------------------------------------------------------------------------

export const ListOrdersQuery = PageQuery.extend({
  state: z.enum(["active", "past"]).optional().meta({ description: "active = not yet delivered/cancelled; omit for all" }),
});

export const OrdersPage = page(OrderSummary).meta({ id: "OrdersPage" });

export const listOrdersRoute = defineRoute({
  id: "orders.list",
  method: "GET",
  path: "/api/v1/orders",
  functionId: "orders-list",
  roles: ["customer"],
  rateLimit: "orders.read",
  cache: null,
  idempotency: "none",
  request: { query: ListOrdersQuery },
  responses: { 200: OrdersPage },
  summary: "My orders",
  description: "The caller's own orders, newest first.",
  tags: ["orders"],
});

export const getOrderRoute = defineRoute({
  id: "orders.get",
  method: "GET",
  path: "/api/v1/orders/:id",
  functionId: "orders-get",
  roles: ["customer", "restaurant", "partner", "admin"],
  rateLimit: "orders.read",
  cache: null,
  idempotency: "none",
  request: { params: IdParams },
  responses: { 200: Order },
  summary: "One order",
  description: "The order if the caller is its customer, its restaurant's owner, its assigned partner or an admin; otherwise 404 (not 403).",
  tags: ["orders"],
});

// ---- cancel ------------------------------------------------------------------------------------------

export const CancelOrderRequest = z
  .strictObject({
    reasonCode: CancelReasonCode,
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.reasonCode !== "other" || (b.note !== undefined && b.note.length > 0), {
    message: "A note is required when reasonCode is other",
    path: ["note"],
  })
  .meta({ id: "CancelOrderRequest", example: { reasonCode: "changed_mind" } });

export const Refund = z
  .object({
    id: AppwriteId,
    orderId: AppwriteId,
    amountPaise: Paise,
    status: z.enum(REFUND_STATUSES),
    razorpayRefundId: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "Refund" });

export const CancelOrderResponse = z
  .object({ order: Order, refund: Refund.nullable().meta({ description: "Refund started for a captured payment; null when nothing was charged" }) })
  .meta({ id: "CancelOrderResponse" });

export const cancelOrderRoute = defineRoute({
  id: "orders.cancel",
  method: "POST",
  path: "/api/v1/orders/:id/cancel",
  functionId: "orders-cancel",
  roles: ["customer", "restaurant", "admin"],
  rateLimit: "orders.cancel",
  cache: null,
  idempotency: "required",
  request: { params: IdParams, body: CancelOrderRequest, headers: IdempotencyHeaders },
  responses: { 200: CancelOrderResponse },
  summary: "Cancel an order",
  description:
    "Allowed by stage policy: a customer until the food is ready (full refund before the restaurant accepts; after that the platform fee, and once cooking has started the food and packaging, are kept), a restaurant before pickup, an admin any time before delivery. Stock and coupon are released; the payment is voided or refunded exactly once. 409 illegal_transition when the stage no longer allows it.",
  tags: ["orders"],
});

// ---- review ------------------------------------------------------------------------------------------

export const ReviewRequest = z
  .strictObject({
    restaurantRating: Stars,
    deliveryRating: Stars.optional(),
    comment: z.string().trim().max(1000).optional(),
    itemRatings: z
      .array(z.strictObject({ itemId: AppwriteId, liked: z.boolean() }))
      .max(50)
      .optional()
      .meta({ description: "Thumbs up/down per dish" }),
  })
  .meta({ id: "ReviewRequest", example: { restaurantRating: 5, deliveryRating: 4, comment: "Hot and on time" } });

export const Review = z
  .object({
    id: AppwriteId,
    orderId: AppwriteId,
    restaurantId: AppwriteId,
    restaurantRating: Stars,
    deliveryRating: Stars.nullable(),
    comment: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "Review" });

export const reviewOrderRoute = defineRoute({
  id: "orders.review",
  method: "POST",
  path: "/api/v1/orders/:id/review",
  functionId: "orders-review",
  roles: ["customer"],
  rateLimit: "orders.review",
  cache: null,
  idempotency: "none",
  request: { params: IdParams, body: ReviewRequest },
  responses: { 201: z.object({ review: Review }).meta({ id: "ReviewResponse" }) },
  summary: "Review a delivered order",
  description: "Once per delivered order (409 conflict on a second review).",
  tags: ["orders"],
});

// ---- invoice -----------------------------------------------------------------------------------------

const InvoiceParty = z.object({
  name: z.string().nullable(),
  address: z.string().nullable(),
  gstin: z.string().nullable().meta({ description: "GSTIN; null when unregistered" }),
});

export const InvoiceLine = z
  .object({
    section: z.enum(["food", "fees", "other"]).meta({ description: "food = restaurant service (5 %, paid by Chizze under CGST s.9(5)); fees = delivery and platform services (18 %); other = not a supply (tip)" }),
    description: z.string(),
    sac: z.string().nullable().meta({ description: "Services Accounting Code", example: "996331" }),
    quantity: z.number().int().positive().nullable(),
    unitPaise: Paise.nullable(),
    amountPaise: z.number().int().meta({ description: "Taxable value of the line in paise; negative for a discount" }),
  })
  .meta({ id: "InvoiceLine" });

export const Invoice = z
  .object({
    id: AppwriteId,
    orderId: AppwriteId,
    orderNumber: z.string(),
    number: z.string().max(16).meta({ description: "Consecutive per financial year", example: "CHZ2526/00000123" }),
    financialYear: z.string().meta({ example: "2025-26" }),
    date: Timestamp.meta({ description: "Invoice date: the time of supply (delivery)" }),
    issuedAt: Timestamp,
    operator: InvoiceParty.meta({ description: "Chizze, the electronic commerce operator" }),
    restaurant: InvoiceParty,
    customer: z.object({ name: z.string().nullable(), address: z.string() }),
    placeOfSupply: z.object({ stateCode: z.string().nullable(), stateName: z.string().nullable() }),
    interState: z.boolean().meta({ description: "IGST instead of CGST + SGST" }),
    lines: z.array(InvoiceLine),
    taxes: z.array(z.object({ section: z.enum(["food", "fees"]), kind: z.enum(["CGST", "SGST", "IGST"]), rateBps: z.number().int().nonnegative(), amountPaise: Paise })),
    totals: z.object({
      foodTaxablePaise: z.number().int(),
      gstFoodPaise: Paise,
      feesTaxablePaise: Paise,
      gstFeesPaise: Paise,
      tipPaise: Paise,
      totalPaise: Paise.meta({ description: "Equals the order's total" }),
    }),
    currency: Currency,
    file: z
      .object({
        bucketId: z.string(),
        fileId: AppwriteId,
        name: z.string().meta({ example: "CHZ2526-00000123.pdf" }),
        downloadPath: z.string().meta({ description: "Appwrite Storage path; download it with the customer's own session or JWT", example: "/v1/storage/buckets/invoices/files/inv_3f9c/download" }),
      })
      .meta({ description: "The PDF in Appwrite Storage, readable by the order's customer only" }),
  })
  .meta({ id: "Invoice" });

export const getInvoiceRoute = defineRoute({
  id: "orders.invoice",
  method: "GET",
  path: "/api/v1/orders/:id/invoice",
  functionId: "orders-invoice",
  roles: ["customer", "admin"],
  rateLimit: "orders.read",
  cache: null,
  idempotency: "none",
  request: { params: IdParams },
  responses: { 200: Invoice },
  summary: "GST invoice of an order",
  description: "The tax invoice of a delivered order of the caller (or any, for an admin) with the Storage file of its PDF. 404 for anyone else's order, and until the invoice has been issued (shortly after delivery).",
  tags: ["orders"],
});

export const ordersRoutes = [placeOrderRoute, listOrdersRoute, getOrderRoute, cancelOrderRoute, reviewOrderRoute, getInvoiceRoute] as const;
