// POST /cart/quote: price a cart from the live rows and freeze the answer in a `quotes` row that POST /orders
// consumes. The cart names ids and quantities only; every paisa comes from menu rows, the restaurant's fees, the
// zone's surge and core's pricing (priceCart), so nothing here does arithmetic on money.
//
// Reads, in two rounds of parallel requests: (1) the caller's address, the restaurant, only the cart's menu items
// (by id, restricted to the restaurant), the coupon by code, and the cached zones; (2) what depends on those — the
// caller's live redemptions of the coupon, whether they have ordered before (first-order coupons only), and the
// zone's load for surge (two counts). Then one write.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { Quote, QuoteRequest } from "@chizze/contracts/api/cart";
import {
  DEFAULT_PRICING_CONFIG,
  deterministicId,
  formatInr,
  priceCart,
  pricingErrorCode,
  roadDistanceM,
  surgeMultiplierBps,
  toAmountColumns,
  zonesContaining,
  type CartLine,
  type CouponRejection,
  type CouponRule,
  type PricingIssue,
  type PricingMenuItem,
  type ServiceabilityReason,
} from "@chizze/core";
import { AddonGroupsDoc, DATABASE_ID, VariantsDoc, T, type CartItems, type RowOf, type Table } from "@chizze/schema";
import type { OrderStatus, QuoteStatus, RedemptionStatus } from "@chizze/schema/enums";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { notFound } from "../caller";
import { readDocOrNull, writeDoc } from "../json-doc";
import { assess, isListable } from "../catalog/reach";
import { activeZones, type Zone } from "../catalog/reference";
import { toQuote } from "./quote-view";

/** How long a quote can be placed: long enough to pay, short enough that prices and stock are still true. */
export const QUOTE_TTL_MINUTES = 10;

const QUOTE_INITIAL_STATUS: QuoteStatus = "active";
/** Orders waiting for or holding a kitchen slot: the zone's demand for riders. */
const ACTIVE_ORDER_STATUSES: readonly OrderStatus[] = ["placed", "accepted", "preparing", "ready"];
/** Orders that count as "ordered before" for first-order coupons (core: not failed, expired or rejected). */
const PRIOR_ORDER_STATUSES: readonly OrderStatus[] = ["placed", "accepted", "preparing", "ready", "picked_up", "delivered", "cancelled", "archived"];
/** Redemptions that hold one of the user's uses of a coupon; released ones gave theirs back. */
const LIVE_REDEMPTIONS: readonly RedemptionStatus[] = ["reserved", "redeemed"];

type MenuItemRow = RowOf<typeof T.menu_items>;
type CouponRow = RowOf<typeof T.coupons>;
type Input = z.infer<typeof QuoteRequest>;

/**
 * Prices the caller's cart and stores it as a quote valid for QUOTE_TTL_MINUTES.
 * Another user's address → 404; unknown or unlisted restaurant → 404; the restaurant cannot deliver there now →
 * 422 not_serviceable; cart problems → 422 item_unavailable / unprocessable / coupon_invalid naming the lines.
 * @example const q = await quoteCart(deps, caller, { restaurantId, addressId, items: [{ itemId, quantity: 2 }], paymentMethod: "cod" })
 */
export async function quoteCart(deps: Deps, caller: Caller, input: Input): Promise<z.infer<typeof Quote>> {
  const now = deps.now();
  const itemIds = [...new Set(input.items.map((i) => i.itemId))];
  const [address, restaurant, itemRows, couponRow, zones] = await Promise.all([
    deps.db.addresses.get(input.addressId),
    deps.db.restaurants.get(input.restaurantId),
    deps.db.menu_items.list([Query.equal("$id", itemIds), Query.equal("restaurant_id", input.restaurantId)], { limit: itemIds.length }),
    input.couponCode ? deps.db.coupons.list([Query.equal("code", input.couponCode)], { limit: 1 }).then((p) => p.rows[0] ?? null) : Promise.resolve(null),
    activeZones(deps),
  ]);
  if (!address || address.user_id !== caller.userId) throw notFound("Address");
  if (!restaurant || !isListable(restaurant)) throw notFound("Restaurant");

  const point = { lat: address.lat, lng: address.lng };
  // The same verdict as nearby (core: zone ∩ online ∩ radius ∩ open, and within the last fee band), from the row itself.
  const { verdict, reachable } = assess(restaurant, point, zonesContaining(point, zones) as Zone[], now);
  if (!verdict.ok || !reachable) throw new ApiError("not_serviceable", notServiceableDetail(restaurant.name, verdict.ok ? "out_of_radius" : verdict.reason, verdict.distanceM));
  const zone = zones.find((z) => z.id === reachable.zoneId);
  if (!zone) throw new Error(`zone ${reachable.zoneId} of a serviceable verdict is not among the active zones`);

  const [userRedemptions, userOrderCount, surgeBps] = await Promise.all([
    couponRow ? liveRedemptions(deps, couponRow.$id, caller.userId) : Promise.resolve(0),
    couponRow?.first_order_only === true ? priorOrders(deps, caller.userId) : Promise.resolve(0),
    zoneSurgeBps(deps, zone),
  ]);

  const cart: CartItems = input.items.map((i) => ({
    itemId: i.itemId,
    variantId: i.variantId ?? null,
    addonIds: i.addonIds ?? [],
    quantity: i.quantity,
    notes: i.notes ? i.notes : null,
  }));
  const menu = itemRows.rows.map(toPricingItem);
  const distanceM = roadDistanceM(reachable.distanceM);
  const priced = priceCart(
    {
      restaurant: { id: restaurant.$id, minOrderPaise: restaurant.min_order_paise ?? 0, packagingFeePaise: restaurant.packaging_fee_paise ?? 0 },
      menu,
      cart: cart satisfies readonly CartLine[],
      distanceM,
      surgeMultiplierBps: surgeBps,
      coupon: couponRow ? { rule: toCouponRule(couponRow), context: { userOrderCount, userRedemptions, now } } : null,
      tipPaise: input.tipPaise ?? 0,
    },
    DEFAULT_PRICING_CONFIG,
  );
  if (!priced.ok) throw pricingError(priced.code, priced.issues, menu, cart);
  // An unknown code is checked after the cart itself, so a bad line is reported first (core's code priority).
  if (input.couponCode && !couponRow) {
    throw new ApiError("coupon_invalid", `There is no coupon ${input.couponCode}`, { errors: [{ path: "body.couponCode", message: "Unknown coupon code" }] });
  }

  const nowIso = now.toISOString();
  const row = await deps.db.quotes.create(deterministicId("qte", [caller.userId, nowIso, crypto.randomUUID()]), {
    user_id: caller.userId,
    restaurant_id: restaurant.$id,
    address_id: address.$id,
    items: writeDoc(cart),
    lines: writeDoc(priced.lines),
    ...toAmountColumns(priced.amounts),
    coupon_code: priced.discount?.couponCode ?? null,
    coupon_id: priced.discount?.couponId ?? null,
    payment_method: input.paymentMethod,
    distance_m: distanceM,
    zone_id: zone.id,
    surge_multiplier_bps: surgeBps,
    eta_min: reachable.etaMinutes,
    status: QUOTE_INITIAL_STATUS,
    expires_at: new Date(now.getTime() + QUOTE_TTL_MINUTES * 60_000).toISOString(),
    order_id: null,
  });
  return toQuote(row);
}

// ---- reads -------------------------------------------------------------------------------------------------

/** Rows matching `queries`: Appwrite's count (`total`), with at most one row fetched, only its id. */
async function countRows(deps: Deps, table: Table, queries: string[], opts: { exists?: boolean } = {}): Promise<number> {
  const res = await appwriteCall(`count ${table.id}`, () =>
    deps.tablesDB.listRows({ databaseId: DATABASE_ID, tableId: table.id, queries: [...queries, Query.select(["$id"]), Query.limit(1)], total: !opts.exists }),
  );
  // Without a count, whether a row came back is the answer (0 or 1).
  return opts.exists ? Math.min(1, res.rows.length) : res.total;
}

/** The caller's uses of the coupon still held (uniq_coupon_user_slot serves coupon_id + user_id). */
async function liveRedemptions(deps: Deps, couponId: string, userId: string): Promise<number> {
  return countRows(deps, T.coupon_redemptions, [Query.equal("coupon_id", couponId), Query.equal("user_id", userId), Query.equal("status", [...LIVE_REDEMPTIONS])]);
}

/** 0 or 1: whether the caller has ordered before (idx_customer_status); only first-order coupons ask. */
async function priorOrders(deps: Deps, userId: string): Promise<number> {
  return countRows(deps, T.orders, [Query.equal("customer_id", userId), Query.equal("status", [...PRIOR_ORDER_STATUSES])], { exists: true });
}

/**
 * The zone's multiplier: its configured surge or, when busier, the load tier (core) from orders waiting in the zone
 * per online rider. Two counts; riders on a delivery are online and count as supply, as core's tiers assume.
 */
async function zoneSurgeBps(deps: Deps, zone: Zone): Promise<number> {
  const [activeOrders, onlinePartners] = await Promise.all([
    countRows(deps, T.orders, [Query.equal("status", [...ACTIVE_ORDER_STATUSES]), Query.equal("zone_id", zone.id)]),
    // idx_city_available: city + is_online; zone and the admin block are filtered from that set.
    countRows(deps, T.delivery_partners, [Query.equal("city", zone.city), Query.equal("is_online", true), Query.equal("zone_id", zone.id), Query.equal("is_active", true)]),
  ]);
  return surgeMultiplierBps({ zoneBps: zone.surgeMultiplierBps, activeOrders, onlinePartners }, DEFAULT_PRICING_CONFIG.deliveryFee);
}

// ---- rows → core inputs ------------------------------------------------------------------------------------

function toPricingItem(row: MenuItemRow): PricingMenuItem {
  return {
    id: row.$id,
    restaurantId: row.restaurant_id,
    name: row.name,
    pricePaise: row.price_paise,
    gstRateBps: row.gst_rate_bps ?? DEFAULT_PRICING_CONFIG.gstFoodBps,
    isVeg: row.is_veg,
    isAvailable: row.is_available !== false,
    stock: row.stock,
    // Money documents are read strictly: a corrupt variants/add-ons column fails the quote instead of pricing wrong.
    variants: readDocOrNull(VariantsDoc, row.variants),
    addonGroups: readDocOrNull(AddonGroupsDoc, row.addon_groups),
  };
}

function toCouponRule(row: CouponRow): CouponRule {
  return {
    id: row.$id,
    code: row.code,
    kind: row.kind,
    value: row.value,
    minOrderPaise: row.min_order_paise ?? 0,
    maxDiscountPaise: row.max_discount_paise,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    globalLimit: row.global_limit,
    usedCount: row.used_count ?? 0,
    perUserLimit: row.per_user_limit ?? 1,
    firstOrderOnly: row.first_order_only === true,
    restaurantId: row.restaurant_id,
    fundedBy: row.funded_by ?? "platform",
    isActive: row.is_active !== false,
  };
}

// ---- problems → ApiError -----------------------------------------------------------------------------------

const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

function notServiceableDetail(name: string, reason: ServiceabilityReason, straightM: number): string {
  switch (reason) {
    case "outside_service_area":
      return `${name} does not deliver to this address`;
    case "offline":
      return `${name} is not taking orders right now`;
    case "out_of_radius":
      return `${name} does not deliver this far (${km(straightM)})`;
    case "closed":
      return `${name} is closed right now`;
  }
}

const COUPON_REASONS: Record<Exclude<CouponRejection, "min_order_not_met">, (code: string) => string> = {
  inactive: (c) => `Coupon ${c} is no longer active`,
  not_started: (c) => `Coupon ${c} is not valid yet`,
  expired: (c) => `Coupon ${c} has expired`,
  wrong_restaurant: (c) => `Coupon ${c} is not valid at this restaurant`,
  first_order_only: (c) => `Coupon ${c} is for your first order only`,
  per_user_limit_reached: (c) => `You have already used coupon ${c} as many times as allowed`,
  global_limit_reached: (c) => `Coupon ${c} has run out`,
};

/** One issue as a field error: the path of the request field it is about (as the kit names body fields) and a sentence. */
function describe(issue: PricingIssue, menu: ReadonlyMap<string, PricingMenuItem>, cart: CartItems): { path: string; message: string } {
  const nameOf = (itemId: string) => menu.get(itemId)?.name ?? itemId;
  const line = (i: number) => `body.items.${i}`;
  switch (issue.kind) {
    case "unknown_item":
      return { path: line(issue.lineIndex), message: `Item ${issue.itemId} is not on this restaurant's menu` };
    case "item_unavailable":
      return { path: line(issue.lineIndex), message: `${issue.name} is not available right now` };
    case "out_of_stock":
      return {
        path: line(Math.max(0, cart.findIndex((c) => c.itemId === issue.itemId))),
        message: issue.available === 0 ? `${issue.name} is sold out` : `Only ${issue.available} × ${issue.name} left (asked for ${issue.requested})`,
      };
    case "variant_required":
      return { path: `${line(issue.lineIndex)}.variantId`, message: `Choose a size for ${nameOf(issue.itemId)}` };
    case "invalid_variant":
      return { path: `${line(issue.lineIndex)}.variantId`, message: `${nameOf(issue.itemId)} has no size ${issue.variantId}` };
    case "variant_unavailable": {
      const size = menu.get(issue.itemId)?.variants?.find((v) => v.id === issue.variantId)?.name ?? issue.variantId;
      return { path: `${line(issue.lineIndex)}.variantId`, message: `${nameOf(issue.itemId)} (${size}) is not available right now` };
    }
    case "invalid_addon":
      return { path: `${line(issue.lineIndex)}.addonIds`, message: `${issue.addonId} is not an add-on of ${nameOf(issue.itemId)}` };
    case "addon_unavailable": {
      const addon = menu.get(issue.itemId)?.addonGroups?.flatMap((g) => g.options).find((o) => o.id === issue.addonId)?.name ?? issue.addonId;
      return { path: `${line(issue.lineIndex)}.addonIds`, message: `${addon} for ${nameOf(issue.itemId)} is not available right now` };
    }
    case "addon_selection": {
      const group = menu.get(issue.itemId)?.addonGroups?.find((g) => g.id === issue.groupId)?.name ?? issue.groupId;
      const want = issue.min === issue.max ? `${issue.min}` : `${issue.min}–${issue.max}`;
      return { path: `${line(issue.lineIndex)}.addonIds`, message: `${nameOf(issue.itemId)}: choose ${want} from ${group} (chose ${issue.selected})` };
    }
    case "invalid_quantity":
      return { path: `${line(issue.lineIndex)}.quantity`, message: `${nameOf(issue.itemId)}: quantity must be 1–${issue.max}` };
    case "too_many_lines":
      return { path: "body.items", message: `At most ${issue.max} lines per order` };
    case "too_many_items":
      return { path: "body.items", message: `At most ${issue.max} items per order (asked for ${issue.quantity})` };
    case "invalid_tip":
      return { path: "body.tipPaise", message: `A tip can be at most ${formatInr(issue.max)}` };
    case "min_order_not_met":
      return { path: "body.items", message: `The minimum order here is ${formatInr(issue.minOrderPaise)}; add ${formatInr(issue.shortByPaise)} more` };
    case "not_serviceable":
      return { path: "body.addressId", message: `This address is ${km(issue.distanceM)} away by road, beyond delivery range` };
    case "coupon_invalid":
      return {
        path: "body.couponCode",
        message:
          issue.reason === "min_order_not_met"
            ? `Add ${formatInr(issue.shortByPaise ?? 0)} more to use coupon ${issue.code}`
            : COUPON_REASONS[issue.reason](issue.code),
      };
  }
}

/** The detail names the problems of the answered code; `errors` lists every problem so the app can mark each line. */
function pricingError(code: ReturnType<typeof pricingErrorCode>, issues: readonly PricingIssue[], menu: readonly PricingMenuItem[], cart: CartItems): ApiError {
  const byId = new Map(menu.map((m) => [m.id, m] as const));
  const errors = issues.map((i) => describe(i, byId, cart));
  const detail = issues.flatMap((i, n) => (pricingErrorCode(i) === code ? [errors[n]?.message ?? ""] : [])).join("; ");
  return new ApiError(code, detail || undefined, { errors });
}
