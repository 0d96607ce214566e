// Browsing: categories, nearby restaurants, restaurant detail and menu, search, coupons. All cacheable: these
// answers do not depend on who asks (the edge checks the role before serving a cached copy).
import { z } from "zod";
import { ALLERGENS } from "@chizze/schema";
import {
  Address,
  AppwriteId,
  Closure,
  DayHours,
  DistanceM,
  IdParams,
  LatLng,
  LatitudeQuery,
  LongitudeQuery,
  Minutes,
  PageQuery,
  Paise,
  PaymentMethod,
  Phone,
  Rating,
  Timestamp,
  Url,
  list,
  page,
} from "../common";
import { CACHE } from "../policies";
import { defineRoute } from "../route";

// ---- categories ------------------------------------------------------------------------------------------

export const Category = z
  .object({
    id: AppwriteId,
    slug: z.string().regex(/^[a-z0-9-]{1,40}$/).meta({ example: "biryani" }),
    name: z.string().meta({ example: "Biryani" }),
    imageUrl: Url.nullable(),
    sortOrder: z.number().int(),
  })
  .meta({ id: "Category" });

export const CategoriesResponse = list(Category).meta({ id: "CategoriesResponse" });

export const categoriesRoute = defineRoute({
  id: "catalog.categories",
  method: "GET",
  path: "/api/v1/categories",
  functionId: "categories-list",
  roles: ["public"],
  rateLimit: "global.ip",
  cache: CACHE.categories,
  idempotency: "none",
  request: {},
  responses: { 200: CategoriesResponse },
  summary: "Cuisines and categories",
  description: "The cuisine/category chips of the home screen; `slug` is what `cuisine=` filters take.",
  tags: ["catalog"],
});

// ---- nearby ----------------------------------------------------------------------------------------------

export const NearbySort = z.enum(["distance", "rating", "eta"]);

/** Query strings carry `veg=true`; `z.stringbool` reads true/false/1/0/yes/no, where `z.coerce.boolean` would read "false" as true. */
export const NearbyQuery = PageQuery.extend({
  lat: LatitudeQuery,
  lng: LongitudeQuery,
  radiusKm: z.coerce.number().min(0.5).max(20).default(7).meta({ description: "Search radius in km (0.5–20)", example: 5 }),
  cuisine: z.string().regex(/^[a-z0-9-]{1,40}$/).optional().meta({ description: "Category slug", example: "biryani" }),
  veg: z.stringbool().optional().meta({ description: "Only pure-veg restaurants" }),
  sort: NearbySort.default("distance"),
});

export const RestaurantCard = z
  .object({
    id: AppwriteId,
    name: z.string().meta({ example: "Meghana Foods" }),
    cuisines: z.array(z.string()).meta({ example: ["Biryani", "Andhra"] }),
    rating: Rating.nullable().meta({ description: "null until enough ratings" }),
    ratingCount: z.number().int().nonnegative(),
    priceForTwoPaise: Paise,
    isVeg: z.boolean().meta({ description: "Pure-veg restaurant" }),
    distanceM: DistanceM,
    etaMinutes: Minutes.meta({ description: "Prep + travel estimate to the given point" }),
    deliveryFeePaise: Paise.meta({ description: "Fee for the distance band of the given point; the quote is authoritative" }),
    imageUrl: Url.nullable(),
    isOpen: z.boolean(),
    nextOpensAt: Timestamp.nullable().meta({ description: "When a closed restaurant opens next" }),
  })
  .meta({ id: "RestaurantCard", description: "A restaurant row in lists" });

export const NearbyReason = z
  .enum(["outside_service_area", "all_closed"])
  .nullable()
  .meta({ description: "Why the list is empty; an empty list is an answer, not an error" });

export const NearbyResponse = page(RestaurantCard)
  .extend({ reason: NearbyReason })
  .meta({ id: "NearbyResponse" });

export const nearbyRoute = defineRoute({
  id: "catalog.nearby",
  method: "GET",
  path: "/api/v1/restaurants/nearby",
  functionId: "restaurants-nearby",
  roles: ["customer"],
  rateLimit: "catalog.nearby",
  cache: CACHE.nearby,
  idempotency: "none",
  request: { query: NearbyQuery },
  responses: { 200: NearbyResponse },
  summary: "Restaurants near a point",
  description:
    "Serviceable restaurants around lat/lng, open first, sorted by distance, rating or ETA, with ETA and delivery fee. Outside the service area or when all are closed the list is empty and `reason` says why.",
  tags: ["catalog"],
});

// ---- restaurant detail -------------------------------------------------------------------------------

export const RestaurantParams = IdParams;

export const OpeningHours = z
  .object({
    timezone: z.literal("Asia/Kolkata"),
    weekly: z.array(DayHours).length(7).meta({ description: "Mon..Sun" }),
    closures: z.array(Closure).meta({ description: "Upcoming one-off closures (holidays, renovation)" }),
  })
  .meta({ id: "OpeningHours" });

export const RestaurantDetail = z
  .object({
    id: AppwriteId,
    name: z.string(),
    description: z.string().nullable(),
    cuisines: z.array(z.string()),
    imageUrl: Url.nullable(),
    coverImageUrl: Url.nullable(),
    rating: Rating.nullable(),
    ratingCount: z.number().int().nonnegative(),
    priceForTwoPaise: Paise,
    vegOnly: z.boolean(),
    prepTimeMinutes: Minutes.meta({ description: "Typical preparation time" }),
    hours: OpeningHours,
    isOpen: z.boolean().meta({ description: "Open now and accepting orders (hours, closures and the online toggle)" }),
    nextOpensAt: Timestamp.nullable(),
    address: Address,
    location: LatLng,
    phone: Phone.nullable(),
    fssaiLicense: z.string().regex(/^\d{14}$/).meta({ description: "FSSAI licence number (shown on the menu by law)", example: "11521999000123" }),
    gstin: z.string().regex(/^[0-9A-Z]{15}$/).nullable().meta({ description: "GSTIN when registered", example: "29ABCDE1234F1Z5" }),
    hygieneRating: z.number().int().min(1).max(5).nullable().meta({ description: "FSSAI hygiene rating (1–5) if audited" }),
    hygieneRatedAt: Timestamp.nullable(),
    paymentMethods: z.array(PaymentMethod).meta({ description: "Accepted payment methods" }),
    minOrderPaise: Paise,
  })
  .meta({ id: "RestaurantDetail" });

export const restaurantRoute = defineRoute({
  id: "catalog.restaurant",
  method: "GET",
  path: "/api/v1/restaurants/:id",
  functionId: "restaurants-get",
  roles: ["public"],
  rateLimit: "catalog.restaurant",
  cache: CACHE.restaurant,
  idempotency: "none",
  request: { params: RestaurantParams },
  responses: { 200: RestaurantDetail },
  summary: "Restaurant details",
  description: "Details, weekly hours and closures, ratings, FSSAI licence and hygiene rating. Unapproved or unknown restaurants are 404.",
  tags: ["catalog"],
});

// ---- menu --------------------------------------------------------------------------------------------

/** The 14 allergens of FSSAI's labelling regulations (aligned with the EU list), so apps can show icons. */
export const Allergen = z.enum(ALLERGENS);

export const Variant = z
  .object({ id: AppwriteId, name: z.string().meta({ example: "Full" }), pricePaise: Paise.meta({ description: "Replaces the item's base price" }) })
  .meta({ id: "Variant" });

export const Addon = z.object({ id: AppwriteId, name: z.string(), pricePaise: Paise, isVeg: z.boolean() }).meta({ id: "Addon" });

export const AddonGroup = z
  .object({
    id: AppwriteId,
    name: z.string().meta({ example: "Extra toppings" }),
    min: z.number().int().min(0).max(20).meta({ description: "Minimum picks (1 = required choice)" }),
    max: z.number().int().min(1).max(20).meta({ description: "Maximum picks" }),
    addons: z.array(Addon),
  })
  .meta({ id: "AddonGroup" });

export const MenuItem = z
  .object({
    id: AppwriteId,
    categoryId: AppwriteId,
    name: z.string(),
    description: z.string().nullable(),
    imageUrl: Url.nullable(),
    pricePaise: Paise.meta({ description: "Base price; a chosen variant's price replaces it" }),
    variants: z.array(Variant).meta({ description: "Empty when the item has no sizes; else the app must pick one" }),
    addonGroups: z.array(AddonGroup),
    isVeg: z.boolean(),
    allergens: z.array(Allergen),
    isAvailable: z.boolean().meta({ description: "Served at this time of day (e.g. breakfast items)" }),
    inStock: z.boolean().meta({ description: "Not sold out today (restaurant toggle)" }),
    isBestseller: z.boolean(),
    sortOrder: z.number().int(),
  })
  .meta({ id: "MenuItem" });

export const MenuCategory = z
  .object({ id: AppwriteId, name: z.string().meta({ example: "Starters" }), description: z.string().nullable(), items: z.array(MenuItem) })
  .meta({ id: "MenuCategory" });

export const Menu = z
  .object({ restaurantId: AppwriteId, categories: z.array(MenuCategory), updatedAt: Timestamp })
  .meta({ id: "Menu" });

export const menuRoute = defineRoute({
  id: "catalog.menu",
  method: "GET",
  path: "/api/v1/restaurants/:id/menu",
  functionId: "restaurants-menu",
  roles: ["public"],
  rateLimit: "catalog.menu",
  cache: CACHE.menu,
  idempotency: "none",
  request: { params: RestaurantParams },
  responses: { 200: Menu },
  summary: "Restaurant menu",
  description: "Categories → items with variants, add-on groups, veg flag, allergens and availability. Prices here are for display; the quote prices the cart.",
  tags: ["catalog"],
});

// ---- search ------------------------------------------------------------------------------------------

export const SearchQuery = z.object({
  q: z.string().trim().min(2).max(100).meta({ description: "Words to find in restaurant names, cuisines and dishes", example: "paneer tikka" }),
  lat: LatitudeQuery,
  lng: LongitudeQuery,
  limit: PageQuery.shape.limit.meta({ description: "Results per section, 1–50" }),
  veg: z.stringbool().optional(),
});

export const DishHit = z
  .object({
    itemId: AppwriteId,
    name: z.string(),
    pricePaise: Paise,
    isVeg: z.boolean(),
    imageUrl: Url.nullable(),
    restaurant: z.object({ id: AppwriteId, name: z.string(), distanceM: DistanceM, etaMinutes: Minutes, isOpen: z.boolean() }),
  })
  .meta({ id: "DishHit" });

export const SearchResponse = z
  .object({ restaurants: z.array(RestaurantCard), dishes: z.array(DishHit) })
  .meta({ id: "SearchResponse", description: "Two ranked sections; serviceable restaurants only" });

export const searchRoute = defineRoute({
  id: "catalog.search",
  method: "GET",
  path: "/api/v1/search",
  functionId: "search-query",
  roles: ["customer"],
  rateLimit: "catalog.search",
  cache: CACHE.search,
  idempotency: "none",
  request: { query: SearchQuery },
  responses: { 200: SearchResponse },
  summary: "Search restaurants and dishes",
  description: "Full-text search near lat/lng, answered in two sections (restaurants, dishes).",
  tags: ["catalog"],
});

// ---- coupons -----------------------------------------------------------------------------------------

export const CouponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,20}$/, "Coupon codes are 3–20 letters or digits")
  .meta({ description: "Case-insensitive coupon code", example: "WELCOME50" });

export const Coupon = z
  .object({
    code: z.string().meta({ example: "WELCOME50" }),
    title: z.string().meta({ example: "50% off up to ₹100" }),
    description: z.string().nullable(),
    kind: z.enum(["flat", "percent"]),
    flatPaise: Paise.nullable().meta({ description: "Discount for `flat` coupons" }),
    percent: z.number().int().min(1).max(100).nullable().meta({ description: "Discount for `percent` coupons" }),
    maxDiscountPaise: Paise.nullable().meta({ description: "Cap for `percent` coupons" }),
    minOrderPaise: Paise,
    restaurantId: AppwriteId.nullable().meta({ description: "null = valid at every restaurant" }),
    newUsersOnly: z.boolean(),
    paymentMethods: z.array(PaymentMethod),
    validUntil: Timestamp.nullable(),
  })
  .meta({ id: "Coupon", description: "An offer and its conditions; the quote decides whether it applies to this cart and user" });

export const CouponsQuery = z.object({
  restaurantId: AppwriteId.optional().meta({ description: "Include this restaurant's own coupons; platform coupons always" }),
});

export const CouponsResponse = list(Coupon).meta({ id: "CouponsResponse" });

export const couponsRoute = defineRoute({
  id: "catalog.coupons",
  method: "GET",
  path: "/api/v1/coupons",
  functionId: "coupons-list",
  roles: ["customer"],
  rateLimit: "catalog.coupons",
  cache: CACHE.coupons,
  idempotency: "none",
  request: { query: CouponsQuery },
  responses: { 200: CouponsResponse },
  summary: "Available coupons",
  description: "Active platform coupons and the restaurant's own. Per-user eligibility (new users, usage limits) is checked by the quote, so this list can be shared.",
  tags: ["catalog"],
});

export const catalogRoutes = [categoriesRoute, nearbyRoute, restaurantRoute, menuRoute, searchRoute, couponsRoute] as const;
