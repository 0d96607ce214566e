// Operations: approve restaurants, look at any order, refund, feature flags and the app config (versions and
// the order kill switch). Every admin write is audit-logged by the function with the admin's id.
import { z } from "zod";
import { REFUND_REASONS, USER_ROLES } from "@chizze/schema";
import {
  AppwriteId,
  FlagKey,
  IdParams,
  IdempotencyHeaders,
  IsoDate,
  PageQuery,
  Paise,
  PaymentMethod,
  Timestamp,
  list,
  page,
} from "../common";
import { defineRoute } from "../route";
import { AppConfig, KillSwitch, VersionsByPlatform } from "./app-config";
import { OrderStatus, PaymentStatus, Refund } from "./orders";
import { ApprovalStatus } from "./restaurant";

// ---- restaurants -------------------------------------------------------------------------------------

export const ApproveRestaurantRequest = z
  .strictObject({ note: z.string().trim().max(500).optional().meta({ description: "Kept in the audit log" }) })
  .meta({ id: "ApproveRestaurantRequest" });

export const ApprovedRestaurant = z
  .object({ id: AppwriteId, name: z.string(), approvalStatus: ApprovalStatus, approvedAt: Timestamp.nullable(), approvedBy: AppwriteId.nullable() })
  .meta({ id: "ApprovedRestaurant" });

export const approveRestaurantRoute = defineRoute({
  id: "admin.restaurants.approve",
  method: "POST",
  path: "/api/v1/admin/restaurants/:id/approve",
  functionId: "admin-restaurants-approve",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: { params: IdParams, body: ApproveRestaurantRequest },
  responses: { 200: ApprovedRestaurant },
  invalidates: ["restaurant:{id}", "nearby", "search"],
  summary: "Approve a restaurant",
  description: "pending → approved after licence (FSSAI, GSTIN) checks; the restaurant becomes visible. Approving twice is harmless.",
  tags: ["admin"],
});

// ---- orders ------------------------------------------------------------------------------------------

export const AdminOrdersQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  paymentStatus: PaymentStatus.optional(),
  restaurantId: AppwriteId.optional(),
  customerId: AppwriteId.optional(),
  partnerId: AppwriteId.optional(),
  from: IsoDate.optional().meta({ description: "Placed on or after this day (IST)" }),
  to: IsoDate.optional().meta({ description: "Placed on or before this day (IST)" }),
});

export const AdminOrderRow = z
  .object({
    id: AppwriteId,
    orderNumber: z.string(),
    status: OrderStatus,
    paymentStatus: PaymentStatus,
    paymentMethod: PaymentMethod,
    restaurantId: AppwriteId,
    restaurantName: z.string(),
    customerId: AppwriteId,
    partnerId: AppwriteId.nullable(),
    totalPaise: Paise,
    refundedPaise: Paise,
    razorpayOrderId: z.string().nullable(),
    placedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "AdminOrderRow" });

export const adminOrdersRoute = defineRoute({
  id: "admin.orders.list",
  method: "GET",
  path: "/api/v1/admin/orders",
  functionId: "admin-orders-list",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: { query: AdminOrdersQuery },
  responses: { 200: page(AdminOrderRow).meta({ id: "AdminOrdersPage" }) },
  summary: "Find orders",
  description: "All orders, newest first, filtered. Full detail via GET /orders/{id}.",
  tags: ["admin"],
});

export const RefundRequest = z
  .strictObject({
    amountPaise: Paise.min(1).optional().meta({ description: "Partial refund; omit to refund everything not yet refunded" }),
    reasonCode: z.enum(REFUND_REASONS),
    note: z.string().trim().min(1).max(500).meta({ description: "Required: kept in the audit log" }),
  })
  .meta({ id: "RefundRequest", example: { amountPaise: 12000, reasonCode: "items_missing", note: "Raita missing, confirmed with restaurant" } });

export const refundRoute = defineRoute({
  id: "admin.orders.refund",
  method: "POST",
  path: "/api/v1/admin/orders/:id/refund",
  functionId: "admin-orders-refund",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "required",
  request: { params: IdParams, body: RefundRequest, headers: IdempotencyHeaders },
  responses: { 202: z.object({ refund: Refund }).meta({ id: "RefundResponse" }) },
  summary: "Refund an order",
  description:
    "Starts a Razorpay refund (same idempotency on Razorpay's side). The sum of refunds never exceeds the captured amount: 422 unprocessable otherwise. The refund completes asynchronously (webhook).",
  tags: ["admin"],
});

// ---- flags -------------------------------------------------------------------------------------------

export const FeatureFlag = z
  .object({
    key: FlagKey,
    enabled: z.boolean(),
    rolloutPercent: z.number().int().min(0).max(100).meta({ description: "Share of users (stable hash of user id) who get it when enabled" }),
    roles: z.array(z.enum(USER_ROLES)).meta({ description: "Limit to these roles; empty = everyone" }),
    description: z.string().nullable(),
    updatedAt: Timestamp,
    updatedBy: AppwriteId.nullable(),
  })
  .meta({ id: "FeatureFlag" });

export const FlagParams = z.object({ key: FlagKey });

export const PutFlagRequest = z
  .strictObject({
    enabled: z.boolean(),
    rolloutPercent: z.number().int().min(0).max(100).default(100),
    roles: z.array(z.enum(USER_ROLES)).max(4).default([]),
    description: z.string().trim().max(300).nullable().optional(),
  })
  .meta({ id: "PutFlagRequest", example: { enabled: true, rolloutPercent: 10 } });

export const listFlagsRoute = defineRoute({
  id: "admin.flags.list",
  method: "GET",
  path: "/api/v1/admin/flags",
  functionId: "admin-flags-list",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: list(FeatureFlag).meta({ id: "FeatureFlags" }) },
  summary: "Feature flags",
  description: "Every flag with its rollout.",
  tags: ["admin"],
});

export const putFlagRoute = defineRoute({
  id: "admin.flags.put",
  method: "PUT",
  path: "/api/v1/admin/flags/:key",
  functionId: "admin-flags-put",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: { params: FlagParams, body: PutFlagRequest },
  responses: { 200: FeatureFlag },
  invalidates: ["app-config"],
  summary: "Create or change a flag",
  description: "Apps see the change on their next app-config fetch (cached up to 60 s).",
  tags: ["admin"],
});

// ---- app config --------------------------------------------------------------------------------------

/** The stored configuration, before per-user flag evaluation (which GET /app-config adds). */
export const StoredAppConfig = AppConfig.omit({ flags: true, updateRequired: true }).meta({ id: "StoredAppConfig" });

export const PatchAppConfigRequest = z
  .strictObject({
    minVersions: VersionsByPlatform.partial().optional(),
    latest: VersionsByPlatform.partial().optional(),
    storeUrls: AppConfig.shape.storeUrls.partial().optional(),
    killSwitch: KillSwitch.optional().meta({ description: "Set ordersPaused true to stop taking orders at once" }),
    support: AppConfig.shape.support.partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to update")
  .meta({ id: "PatchAppConfigRequest", example: { killSwitch: { ordersPaused: true, message: "Back soon", until: null } } });

export const getAppConfigAdminRoute = defineRoute({
  id: "admin.appConfig.get",
  method: "GET",
  path: "/api/v1/admin/app-config",
  functionId: "admin-app-config-get",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: StoredAppConfig },
  summary: "Stored app config",
  description: "Versions, store links, support contacts and the kill switch as stored.",
  tags: ["admin"],
});

export const patchAppConfigRoute = defineRoute({
  id: "admin.appConfig.update",
  method: "PATCH",
  path: "/api/v1/admin/app-config",
  functionId: "admin-app-config-update",
  roles: ["admin"],
  rateLimit: "admin",
  cache: null,
  idempotency: "none",
  request: { body: PatchAppConfigRequest },
  responses: { 200: StoredAppConfig },
  invalidates: ["app-config"],
  summary: "Change app config",
  description: "Minimum versions (forced update) and the order kill switch take effect at the edge within seconds.",
  tags: ["admin"],
});

export const adminRoutes = [
  approveRestaurantRoute,
  adminOrdersRoute,
  refundRoute,
  listFlagsRoute,
  putFlagRoute,
  getAppConfigAdminRoute,
  patchAppConfigRoute,
] as const;
