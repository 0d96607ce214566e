// The partner app: shift status, live location, dispatch offers, pickup and drop, earnings.
import { z } from "zod";
import {
  AppwriteId,
  ClientTimestamp,
  Cursor,
  DistanceM,
  EmptyBody,
  IdParams,
  OptionalIdempotencyHeaders,
  IsoDate,
  LatLng,
  Latitude,
  Longitude,
  PageQuery,
  Paise,
  PaymentMethod,
  Timestamp,
  list,
  page,
} from "../common";
import { defineRoute } from "../route";
import { FourDigitCode } from "./orders";
import { OrderEnvelope, Payout } from "./restaurant";

// ---- status ------------------------------------------------------------------------------------------

export const DeliveryStatusRequest = z
  .strictObject({
    isOnline: z.boolean(),
    lat: Latitude.optional().meta({ description: "Current position when going online, so offers can start at once" }),
    lng: Longitude.optional(),
  })
  .refine((b) => (b.lat === undefined) === (b.lng === undefined), { message: "Send lat and lng together", path: ["lng"] })
  .meta({ id: "DeliveryStatusRequest", example: { isOnline: true, lat: 12.9716, lng: 77.5946 } });

export const DeliveryStatus = z
  .object({
    isOnline: z.boolean(),
    since: Timestamp,
    activeOrderId: AppwriteId.nullable().meta({ description: "Going offline is refused (409) while an order is in hand" }),
  })
  .meta({ id: "DeliveryStatus" });

export const deliveryStatusRoute = defineRoute({
  id: "delivery.status",
  method: "PUT",
  path: "/api/v1/delivery/status",
  functionId: "delivery-status",
  roles: ["partner"],
  rateLimit: "delivery.status",
  cache: null,
  idempotency: "none",
  request: { body: DeliveryStatusRequest },
  responses: { 200: DeliveryStatus },
  summary: "Go online / offline",
  description: "Online partners are indexed for dispatch; PUT is naturally idempotent.",
  tags: ["delivery"],
});

// ---- location ----------------------------------------------------------------------------------------

export const LocationUpdate = z
  .strictObject({
    lat: Latitude,
    lng: Longitude,
    heading: z.number().min(0).lt(360).optional().meta({ description: "Degrees clockwise from north" }),
    speed: z.number().min(0).max(70).optional().meta({ description: "Metres per second (70 m/s = 252 km/h rejects GPS glitches)" }),
    accuracy: z.number().min(0).max(5000).optional().meta({ description: "Horizontal accuracy radius in metres" }),
    at: ClientTimestamp.meta({ description: "When the fix was taken on the device; fixes older than the last one are ignored" }),
  })
  .meta({ id: "LocationUpdate", example: { lat: 12.9716, lng: 77.5946, heading: 90, speed: 6.5, accuracy: 8, at: "2026-11-26T12:30:05.000Z" } });

export const LocationAck = z
  .object({ nextIntervalSec: z.number().int().min(3).max(300).meta({ description: "When to send the next fix (longer when idle)", example: 5 }) })
  .meta({ id: "LocationAck" });

export const deliveryLocationRoute = defineRoute({
  id: "delivery.location",
  method: "PUT",
  path: "/api/v1/delivery/location",
  functionId: "delivery-location",
  roles: ["partner"],
  rateLimit: "delivery.location",
  cache: null,
  idempotency: "none",
  request: { body: LocationUpdate },
  responses: { 200: LocationAck },
  summary: "Report my location",
  description:
    "Updates the dispatch GEO index and, during a delivery, the row the customer's app follows over Realtime. Limited to 20/min: every 5 s (12/min) fits with room for retries.",
  tags: ["delivery"],
});

// ---- offers ------------------------------------------------------------------------------------------

export const Offer = z
  .object({
    id: AppwriteId,
    orderId: AppwriteId,
    restaurant: z.object({ id: AppwriteId, name: z.string(), addressText: z.string(), location: LatLng }),
    drop: z.object({ locality: z.string().nullable(), location: LatLng }).meta({ description: "Approximate drop point; the full address comes after accepting" }),
    pickupDistanceM: DistanceM,
    dropDistanceM: DistanceM,
    earningsPaise: Paise.meta({ description: "What this delivery pays, tip excluded (tips are added when known)" }),
    paymentMethod: PaymentMethod,
    cashToCollectPaise: Paise.meta({ description: "Cash due at the door for COD; 0 for online" }),
    itemCount: z.number().int().min(1),
    expiresAt: Timestamp.meta({ description: "Accept before this; then it goes to the next partner" }),
  })
  .meta({ id: "Offer" });

export const offersRoute = defineRoute({
  id: "delivery.offers.list",
  method: "GET",
  path: "/api/v1/delivery/offers",
  functionId: "delivery-offers-list",
  roles: ["partner"],
  rateLimit: "delivery.offers",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: list(Offer).meta({ id: "OffersResponse" }) },
  summary: "My pending offers",
  description: "Offers made to the caller that have not expired. New offers are also pushed; refetch on reconnect.",
  tags: ["delivery"],
});

export const acceptOfferRoute = defineRoute({
  id: "delivery.offers.accept",
  method: "POST",
  path: "/api/v1/delivery/offers/:id/accept",
  functionId: "delivery-offers-accept",
  roles: ["partner"],
  rateLimit: "delivery.offers",
  cache: null,
  idempotency: "optional",
  request: { params: IdParams, body: EmptyBody, headers: OptionalIdempotencyHeaders },
  responses: { 200: OrderEnvelope },
  summary: "Accept an offer",
  description: "Conditional assignment: one partner per order, one active order per partner. 409 conflict when the offer expired or was taken.",
  tags: ["delivery"],
});

export const RejectOfferRequest = z
  .strictObject({ reasonCode: z.enum(["too_far", "busy", "vehicle_issue", "other"]).optional() })
  .meta({ id: "RejectOfferRequest" });

export const rejectOfferRoute = defineRoute({
  id: "delivery.offers.reject",
  method: "POST",
  path: "/api/v1/delivery/offers/:id/reject",
  functionId: "delivery-offers-reject",
  roles: ["partner"],
  rateLimit: "delivery.offers",
  cache: null,
  idempotency: "none",
  request: { params: IdParams, body: RejectOfferRequest },
  responses: { 200: z.object({ offerId: AppwriteId, state: z.literal("rejected") }).meta({ id: "OfferRejected" }) },
  summary: "Decline an offer",
  description: "The order is offered to the next partner at once. Declining again is harmless.",
  tags: ["delivery"],
});

// ---- pickup / drop -----------------------------------------------------------------------------------

export const PickedUpRequest = z
  .strictObject({ pickupCode: FourDigitCode.meta({ description: "The order's pickup code, matched at the counter" }) })
  .meta({ id: "PickedUpRequest", example: { pickupCode: "4821" } });

export const DeliveredRequest = z
  .strictObject({
    deliveryOtp: FourDigitCode.meta({ description: "Code the customer reads out at the door" }),
    cashCollected: z.boolean().optional().meta({ description: "COD: confirms the cash due was collected (required for COD orders)" }),
  })
  .meta({ id: "DeliveredRequest", example: { deliveryOtp: "7305" } });

export const pickedUpRoute = defineRoute({
  id: "delivery.pickedUp",
  method: "POST",
  path: "/api/v1/delivery/orders/:id/picked-up",
  functionId: "delivery-picked-up",
  roles: ["partner"],
  rateLimit: "delivery.orders",
  cache: null,
  idempotency: "optional",
  request: { params: IdParams, body: PickedUpRequest, headers: OptionalIdempotencyHeaders },
  responses: { 200: OrderEnvelope },
  summary: "Picked up",
  description: "ready → picked_up for the assigned partner; a wrong code is 422.",
  tags: ["delivery"],
});

export const deliveredRoute = defineRoute({
  id: "delivery.delivered",
  method: "POST",
  path: "/api/v1/delivery/orders/:id/delivered",
  functionId: "delivery-delivered",
  roles: ["partner"],
  rateLimit: "delivery.orders",
  cache: null,
  idempotency: "optional",
  request: { params: IdParams, body: DeliveredRequest, headers: OptionalIdempotencyHeaders },
  responses: { 200: OrderEnvelope },
  summary: "Delivered",
  description: "picked_up → delivered with the customer's delivery OTP; writes the ledger entries. A wrong OTP is 422.",
  tags: ["delivery"],
});

// ---- earnings ----------------------------------------------------------------------------------------

export const MAX_EARNINGS_RANGE_DAYS = 31;

export const EarningsQuery = PageQuery.extend({
  from: IsoDate.optional().meta({ description: "First day (IST), default 6 days before `to`" }),
  to: IsoDate.optional().meta({ description: "Last day (IST), default today" }),
}).superRefine((q, ctx) => {
  if (!q.from || !q.to) return;
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (days < 0) ctx.addIssue({ code: "custom", message: "from must not be after to", path: ["from"] });
  else if (days > MAX_EARNINGS_RANGE_DAYS - 1) ctx.addIssue({ code: "custom", message: `At most ${MAX_EARNINGS_RANGE_DAYS} days`, path: ["from"] });
});

export const EarningsEntry = z
  .object({
    id: AppwriteId,
    kind: z.enum(["delivery_fee", "tip", "incentive", "adjustment", "penalty", "payout"]),
    direction: z.enum(["credit", "debit"]),
    amountPaise: Paise,
    orderId: AppwriteId.nullable(),
    description: z.string(),
    at: Timestamp,
  })
  .meta({ id: "EarningsEntry", description: "One ledger entry" });

export const Earnings = z
  .object({
    periodStart: Timestamp,
    periodEnd: Timestamp,
    totalPaise: Paise.meta({ description: "Net earnings of the period (credits − debits, excluding payouts); never below 0" }),
    deliveryFeesPaise: Paise,
    tipsPaise: Paise,
    incentivesPaise: Paise,
    deductionsPaise: Paise,
    cashInHandPaise: Paise.meta({ description: "COD cash collected and not yet deposited" }),
    deliveries: z.number().int().nonnegative(),
    items: z.array(EarningsEntry),
    nextCursor: Cursor.nullable(),
  })
  .meta({ id: "Earnings", description: "Ledger-backed earnings; `items` is paginated, the totals cover the whole period" });

export const earningsRoute = defineRoute({
  id: "delivery.earnings",
  method: "GET",
  path: "/api/v1/delivery/earnings",
  functionId: "delivery-earnings",
  roles: ["partner"],
  rateLimit: "delivery.earnings",
  cache: null,
  idempotency: "none",
  request: { query: EarningsQuery },
  responses: { 200: Earnings },
  summary: "My earnings",
  description: "Totals and ledger entries for a date range (at most 31 days).",
  tags: ["delivery"],
});

// ---- payouts -----------------------------------------------------------------------------------------

export const partnerPayoutsRoute = defineRoute({
  id: "delivery.payouts.list",
  method: "GET",
  path: "/api/v1/delivery/payouts",
  functionId: "delivery-payouts-list",
  roles: ["partner"],
  rateLimit: "delivery.earnings",
  cache: null,
  idempotency: "none",
  request: { query: PageQuery },
  responses: { 200: page(Payout).meta({ id: "PartnerPayoutsPage" }) },
  summary: "My payouts",
  description: "Daily transfers of the caller's earnings (delivery fees, tips, adjustments), newest period first, with the orders each covers.",
  tags: ["delivery"],
});

export const deliveryRoutes = [
  deliveryStatusRoute,
  deliveryLocationRoute,
  offersRoute,
  acceptOfferRoute,
  rejectOfferRoute,
  pickedUpRoute,
  deliveredRoute,
  earningsRoute,
  partnerPayoutsRoute,
] as const;
