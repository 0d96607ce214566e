// The restaurant app: own restaurants, order queue (accept / reject / ready), profile and menu management.
// An owner may have several restaurants; `?restaurantId=` picks one where the path does not imply it
// (optional when the owner has exactly one; otherwise 400). Another owner's restaurant, item or order is 404.
import { z } from "zod";
import { REJECT_REASONS } from "@chizze/schema";
import {
  AppwriteId,
  Closure,
  ClockTime,
  DayHours,
  IdParams,
  OptionalIdempotencyHeaders,
  PageQuery,
  Paise,
  Phone,
  Timestamp,
  Url,
  list,
  page,
} from "../common";
import { defineRoute } from "../route";
import { Allergen, MenuItem } from "./catalog";
import { FourDigitCode, Order, OrderStatus } from "./orders";

export const RestaurantSelector = z.object({
  restaurantId: AppwriteId.optional().meta({ description: "Which of the caller's restaurants; optional if they own one" }),
});

export const ApprovalStatus = z.enum(["pending", "approved", "suspended"]).meta({ id: "ApprovalStatus" });

export const OwnedRestaurant = z
  .object({
    id: AppwriteId,
    name: z.string(),
    approvalStatus: ApprovalStatus,
    isOnline: z.boolean().meta({ description: "The owner's toggle: accepting orders during opening hours" }),
    isOpen: z.boolean().meta({ description: "Online, within hours and not in a closure" }),
    prepTimeMinutes: z.number().int().min(5).max(120),
    hours: z.object({ timezone: z.literal("Asia/Kolkata"), weekly: z.array(DayHours).length(7), closures: z.array(Closure) }),
    description: z.string().nullable(),
    imageUrl: Url.nullable(),
    phone: Phone.nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: "OwnedRestaurant" });

export const myRestaurantsRoute = defineRoute({
  id: "restaurant.list",
  method: "GET",
  path: "/api/v1/restaurant",
  functionId: "restaurant-list",
  roles: ["restaurant"],
  rateLimit: "restaurant.orders",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: list(OwnedRestaurant).meta({ id: "OwnedRestaurants" }) },
  summary: "My restaurants",
  description: "Restaurants the caller owns, including ones awaiting approval.",
  tags: ["restaurant"],
});

// ---- queue -------------------------------------------------------------------------------------------

export const RestaurantOrdersQuery = PageQuery.extend({
  restaurantId: RestaurantSelector.shape.restaurantId,
  status: z
    .union([z.literal("active"), OrderStatus])
    .default("active")
    .meta({ description: "active = placed, accepted, preparing or ready (the kitchen's live queue)" }),
});

export const restaurantOrdersRoute = defineRoute({
  id: "restaurant.orders.list",
  method: "GET",
  path: "/api/v1/restaurant/orders",
  functionId: "restaurant-orders-list",
  roles: ["restaurant"],
  rateLimit: "restaurant.orders",
  cache: null,
  idempotency: "none",
  request: { query: RestaurantOrdersQuery },
  responses: { 200: page(Order).meta({ id: "RestaurantOrdersPage" }) },
  summary: "Order queue",
  description: "The restaurant's orders, oldest first for the live queue. Live changes arrive over Appwrite Realtime; refetch on resubscribe.",
  tags: ["restaurant"],
});

export const AcceptOrderRequest = z
  .strictObject({ prepTimeMinutes: z.number().int().min(5).max(120).meta({ description: "Promised preparation time", example: 20 }) })
  .meta({ id: "AcceptOrderRequest" });

export const RejectOrderRequest = z
  .strictObject({
    reasonCode: z.enum(REJECT_REASONS),
    unavailableItemIds: z.array(AppwriteId).max(50).optional().meta({ description: "With item_unavailable: these go out of stock too" }),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.reasonCode !== "other" || (b.note !== undefined && b.note.length > 0), { message: "A note is required when reasonCode is other", path: ["note"] })
  .meta({ id: "RejectOrderRequest", example: { reasonCode: "too_busy" } });

export const ReadyOrderRequest = z
  .strictObject({
    pickupCode: FourDigitCode.optional().meta({ description: "If the partner is at the counter: the code they show, to confirm the hand-over in the same call" }),
  })
  .meta({ id: "ReadyOrderRequest", description: "Send `{}` to mark the food packed" });

export const OrderEnvelope = z.object({ order: Order }).meta({ id: "OrderEnvelope" });

function queueAction<const V extends "accept" | "reject" | "ready", B extends z.ZodType>(verb: V, body: B, summary: string, description: string) {
  return defineRoute({
    id: `restaurant.orders.${verb}`,
    method: "POST",
    path: `/api/v1/restaurant/orders/:id/${verb}`,
    functionId: `restaurant-orders-${verb}`,
    roles: ["restaurant"],
    rateLimit: "restaurant.orders",
    cache: null,
    // A tablet on shaky Wi-Fi retries; with a key the retry replays instead of answering 409 illegal_transition.
    idempotency: "optional",
    request: { params: IdParams, body, headers: OptionalIdempotencyHeaders },
    responses: { 200: OrderEnvelope },
    summary,
    description,
    tags: ["restaurant"],
  });
}

export const acceptOrderRoute = queueAction(
  "accept",
  AcceptOrderRequest,
  "Accept an order",
  "placed → accepted with the promised prep time; starts dispatch. 409 after the accept deadline (the order was auto-rejected).",
);
export const rejectOrderRoute = queueAction(
  "reject",
  RejectOrderRequest,
  "Reject an order",
  "placed → cancelled with a reason; the payment is voided or refunded.",
);
export const readyOrderRoute = queueAction(
  "ready",
  ReadyOrderRequest,
  "Food ready",
  "accepted/preparing → ready; with the partner's pickup code it also records the hand-over check.",
);

// ---- profile -----------------------------------------------------------------------------------------

export const UpdateRestaurantRequest = z
  .strictObject({
    isOnline: z.boolean().optional().meta({ description: "Online toggle: stop or resume taking orders now" }),
    prepTimeMinutes: z.number().int().min(5).max(120).optional(),
    weekly: z.array(DayHours).length(7).optional().meta({ description: "Full week of opening hours, Mon..Sun" }),
    closures: z
      .array(z.strictObject({ startsAt: Timestamp, endsAt: Timestamp, reason: z.string().max(200).nullable() }))
      .max(20)
      .optional()
      .meta({ description: "Replaces the upcoming closures" }),
    description: z.string().trim().max(1000).nullable().optional(),
    imageUrl: Url.nullable().optional(),
    phone: Phone.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to update")
  .meta({ id: "UpdateRestaurantRequest", example: { isOnline: false } });

export const updateRestaurantRoute = defineRoute({
  id: "restaurant.update",
  method: "PATCH",
  path: "/api/v1/restaurant",
  functionId: "restaurant-update",
  roles: ["restaurant"],
  rateLimit: "restaurant.manage",
  cache: null,
  idempotency: "none",
  request: { query: RestaurantSelector, body: UpdateRestaurantRequest },
  responses: { 200: OwnedRestaurant },
  invalidates: ["restaurant:{restaurantId}", "nearby", "search"],
  summary: "Update my restaurant",
  description: "Online toggle, hours, closures, prep time and display details. Name, address and licences change through admin review. Purges the restaurant's cached pages.",
  tags: ["restaurant"],
});

// ---- menu items --------------------------------------------------------------------------------------

export const MenuItemInput = z
  .strictObject({
    categoryId: AppwriteId,
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(500).nullable().optional(),
    imageUrl: Url.nullable().optional(),
    pricePaise: Paise.min(100).max(10_000_000).meta({ description: "Menu price incl. nothing else: GST is added at checkout" }),
    variants: z
      .array(z.strictObject({ id: AppwriteId.optional().meta({ description: "Keep to update an existing variant" }), name: z.string().trim().min(1).max(60), pricePaise: Paise.max(10_000_000) }))
      .max(10)
      .optional(),
    addonGroups: z
      .array(
        z.strictObject({
          id: AppwriteId.optional(),
          name: z.string().trim().min(1).max(60),
          min: z.number().int().min(0).max(20),
          max: z.number().int().min(1).max(20),
          addons: z
            .array(z.strictObject({ id: AppwriteId.optional(), name: z.string().trim().min(1).max(60), pricePaise: Paise.max(10_000_000), isVeg: z.boolean() }))
            .min(1)
            .max(30),
        }),
      )
      .max(10)
      .optional(),
    isVeg: z.boolean(),
    allergens: z.array(Allergen).optional(),
    availableFrom: ClockTime.nullable().optional().meta({ description: "Served only from this time (e.g. breakfast)" }),
    availableTo: ClockTime.nullable().optional(),
    inStock: z.boolean().optional(),
    isBestseller: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .meta({
    id: "MenuItemInput",
    example: { categoryId: "cat_starters", name: "Paneer Tikka", pricePaise: 24900, isVeg: true, allergens: ["milk"] },
  });

function checkAddonGroups(b: { addonGroups?: { min: number; max: number; addons: unknown[] }[] | undefined }): boolean {
  return (b.addonGroups ?? []).every((g) => g.min <= g.max && g.max <= g.addons.length);
}
const ADDON_GROUP_MESSAGE = { message: "Each add-on group needs min ≤ max ≤ number of add-ons", path: ["addonGroups"] };

export const CreateMenuItemRequest = MenuItemInput.refine(checkAddonGroups, ADDON_GROUP_MESSAGE).meta({ id: "CreateMenuItemRequest" });

export const UpdateMenuItemRequest = MenuItemInput.partial()
  .refine((b) => Object.keys(b).length > 0, "Nothing to update")
  .refine(checkAddonGroups, ADDON_GROUP_MESSAGE)
  .meta({ id: "UpdateMenuItemRequest", example: { inStock: false } });

export const MenuItemResponse = z.object({ restaurantId: AppwriteId, item: MenuItem }).meta({ id: "MenuItemResponse" });

const MENU_TAGS = ["restaurant:{restaurantId}", "menu:{restaurantId}", "search"] as const;

export const createMenuItemRoute = defineRoute({
  id: "restaurant.menu.create",
  method: "POST",
  path: "/api/v1/restaurant/menu/items",
  functionId: "menu-items-create",
  roles: ["restaurant"],
  rateLimit: "restaurant.manage",
  cache: null,
  idempotency: "optional",
  request: { query: RestaurantSelector, body: CreateMenuItemRequest, headers: OptionalIdempotencyHeaders },
  responses: { 201: MenuItemResponse },
  invalidates: MENU_TAGS,
  summary: "Add a menu item",
  description: "Creates the item in one of the restaurant's categories and purges the cached menu.",
  tags: ["restaurant"],
});

export const updateMenuItemRoute = defineRoute({
  id: "restaurant.menu.update",
  method: "PATCH",
  path: "/api/v1/restaurant/menu/items/:id",
  functionId: "menu-items-update",
  roles: ["restaurant"],
  rateLimit: "restaurant.manage",
  cache: null,
  idempotency: "none",
  request: { params: IdParams, body: UpdateMenuItemRequest },
  responses: { 200: MenuItemResponse },
  invalidates: MENU_TAGS,
  summary: "Edit a menu item",
  description: "Partial update (e.g. `{inStock: false}` when sold out). Sent variants/addonGroups replace the lists. Quotes already issued keep their prices until they expire.",
  tags: ["restaurant"],
});

export const deleteMenuItemRoute = defineRoute({
  id: "restaurant.menu.delete",
  method: "DELETE",
  path: "/api/v1/restaurant/menu/items/:id",
  functionId: "menu-items-delete",
  roles: ["restaurant"],
  rateLimit: "restaurant.manage",
  cache: null,
  idempotency: "none",
  request: { params: IdParams },
  // A body rather than 204: the edge needs the restaurant id to purge the menu's cache tags.
  responses: { 200: z.object({ restaurantId: AppwriteId, itemId: AppwriteId, deleted: z.literal(true) }).meta({ id: "MenuItemDeleted" }) },
  invalidates: MENU_TAGS,
  summary: "Remove a menu item",
  description: "Past orders keep their line copies.",
  tags: ["restaurant"],
});

// ---- payouts -------------------------------------------------------------------------------------------

export const PayoutLineAmounts = z.object({
  grossPaise: z.number().int().meta({ description: "Restaurant: food + packaging (less a restaurant-funded discount); partner: delivery fees + tips" }),
  commissionPaise: z.number().int().meta({ description: "Chizze commission (restaurants), without its GST" }),
  commissionGstPaise: z.number().int().meta({ description: "GST (18 %) on the commission" }),
  tdsPaise: z.number().int().meta({ description: "Income-tax TDS withheld (s.194-O for restaurants)" }),
  adjustmentPaise: z.number().int().meta({ description: "Refunds borne, penalties and manual corrections (negative = deducted)" }),
  netPaise: z.number().int().meta({ description: "gross − commission − GST on commission − TDS + adjustments" }),
});

export const PayoutOrderLine = PayoutLineAmounts.extend({ orderId: AppwriteId }).meta({ id: "PayoutOrderLine", description: "What one order contributed to a payout" });

export const Payout = PayoutLineAmounts.extend({
  id: AppwriteId,
  payeeType: z.enum(["restaurant", "partner"]),
  payeeId: AppwriteId,
  periodStart: Timestamp.meta({ description: "Earliest ledger entry covered (older unpaid entries are carried into the next payout)" }),
  periodEnd: Timestamp.meta({ description: "Entries posted before this instant (00:00 IST after the business day) are covered" }),
  status: z.enum(["pending", "processing", "processed", "failed"]).meta({ description: "pending = not sent yet (see reason when held); failed = not paid, its entries are paid in a later payout" }),
  reason: z.string().nullable().meta({ description: "Why a payout is held or failed" }),
  razorpayTransferId: z.string().nullable(),
  entryCount: z.number().int().nonnegative(),
  createdAt: Timestamp,
  processedAt: Timestamp.nullable(),
  orders: z.array(PayoutOrderLine).meta({ description: "Orders covered (empty for a failed payout: they moved to a later one)" }),
}).meta({ id: "Payout", description: "One settlement to a restaurant or partner (Razorpay Route transfer)" });

export const RestaurantPayoutsQuery = PageQuery.extend({ restaurantId: RestaurantSelector.shape.restaurantId });

export const restaurantPayoutsRoute = defineRoute({
  id: "restaurant.payouts.list",
  method: "GET",
  path: "/api/v1/restaurant/payouts",
  functionId: "restaurant-payouts-list",
  roles: ["restaurant"],
  rateLimit: "restaurant.manage",
  cache: null,
  idempotency: "none",
  request: { query: RestaurantPayoutsQuery },
  responses: { 200: page(Payout).meta({ id: "PayoutsPage" }) },
  summary: "My payouts",
  description: "Daily settlements of one of the caller's restaurants, newest period first, with commission, GST on commission, TDS, adjustments and the orders each covers.",
  tags: ["restaurant"],
});

export const restaurantRoutes = [
  myRestaurantsRoute,
  restaurantOrdersRoute,
  acceptOrderRoute,
  rejectOrderRoute,
  readyOrderRoute,
  updateRestaurantRoute,
  createMenuItemRoute,
  updateMenuItemRoute,
  deleteMenuItemRoute,
  restaurantPayoutsRoute,
] as const;
