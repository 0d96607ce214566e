// The caller's own account: profile, saved addresses, data export and deletion (DPDP Act rights).
import { z } from "zod";
import { KYC_STATUSES, LANGUAGES, NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, REFUND_STATUSES, USER_ROLES, VEHICLE_TYPES } from "@chizze/schema";
import { Amounts, AppwriteId, IdParams, Latitude, Longitude, MoneyLine, NoContent, OptionalIdempotencyHeaders, Paise, PaymentMethod, Phone, Pincode, Timestamp, list } from "../common";
import { defineRoute } from "../route";
import { Cancellation, OrderSummary, PaymentStatus, Review, TimelineEntry } from "./orders";

export const MAX_SAVED_ADDRESSES = 20;

// ---- profile -----------------------------------------------------------------------------------------

export const Profile = z
  .object({
    id: AppwriteId,
    name: z.string(),
    phone: Phone,
    email: z.email().nullable(),
    roles: z.array(z.enum(USER_ROLES)),
    createdAt: Timestamp,
  })
  .meta({ id: "Profile" });

export const UpdateProfileRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(128).optional(),
    email: z.email().max(254).nullable().optional().meta({ description: "null removes it" }),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to update")
  .meta({ id: "UpdateProfileRequest", example: { name: "Asha Rao" } });

export const getProfileRoute = defineRoute({
  id: "me.get",
  method: "GET",
  path: "/api/v1/me",
  functionId: "me-get",
  roles: ["self"],
  rateLimit: "me",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: Profile },
  summary: "My profile",
  description: "The caller's profile and roles.",
  tags: ["me"],
});

export const updateProfileRoute = defineRoute({
  id: "me.update",
  method: "PATCH",
  path: "/api/v1/me",
  functionId: "me-update",
  roles: ["self"],
  rateLimit: "me",
  cache: null,
  idempotency: "none",
  request: { body: UpdateProfileRequest },
  responses: { 200: Profile },
  summary: "Update my profile",
  description: "Name and email. The phone is the login and changes only through support.",
  tags: ["me"],
});

// ---- addresses ---------------------------------------------------------------------------------------

export const AddressLabel = z.enum(["home", "work", "other"]);

const addressFields = {
  label: AddressLabel,
  customLabel: z.string().trim().min(1).max(40).nullable().meta({ description: "Name shown for `other`", example: "Mom's place" }),
  line1: z.string().trim().min(1).max(200).meta({ description: "House / flat / floor / building", example: "Flat 4B, Prestige Tower" }),
  line2: z.string().trim().max(200).nullable(),
  landmark: z.string().trim().max(120).nullable(),
  locality: z.string().trim().max(120).nullable(),
  city: z.string().trim().min(1).max(80),
  state: z.string().trim().min(1).max(80),
  pincode: Pincode,
  lat: Latitude,
  lng: Longitude,
  contactName: z.string().trim().max(128).nullable().meta({ description: "Receiver when ordering for someone else" }),
  contactPhone: Phone.nullable(),
  instructions: z.string().trim().max(200).nullable().meta({ description: "For the partner", example: "Ring the bell twice" }),
  isDefault: z.boolean(),
};

export const SavedAddress = z
  .object({ id: AppwriteId, ...addressFields, createdAt: Timestamp, updatedAt: Timestamp })
  .meta({ id: "SavedAddress" });

/** Create: the pin (lat/lng) and the postal lines are required; optional fields default to null/false. */
export const CreateAddressRequest = z
  .strictObject({
    label: addressFields.label,
    customLabel: addressFields.customLabel.optional(),
    line1: addressFields.line1,
    line2: addressFields.line2.optional(),
    landmark: addressFields.landmark.optional(),
    locality: addressFields.locality.optional(),
    city: addressFields.city,
    state: addressFields.state,
    pincode: addressFields.pincode,
    lat: addressFields.lat,
    lng: addressFields.lng,
    contactName: addressFields.contactName.optional(),
    contactPhone: addressFields.contactPhone.optional(),
    instructions: addressFields.instructions.optional(),
    isDefault: addressFields.isDefault.optional(),
  })
  .meta({
    id: "CreateAddressRequest",
    example: { label: "home", line1: "Flat 4B, Prestige Tower", city: "Bengaluru", state: "Karnataka", pincode: "560038", lat: 12.9784, lng: 77.6408 },
  });

export const UpdateAddressRequest = CreateAddressRequest.partial()
  .refine((b) => Object.keys(b).length > 0, "Nothing to update")
  .meta({ id: "UpdateAddressRequest" });

export const AddressesResponse = list(SavedAddress).meta({ id: "AddressesResponse" });

export const listAddressesRoute = defineRoute({
  id: "me.addresses.list",
  method: "GET",
  path: "/api/v1/me/addresses",
  functionId: "addresses-list",
  roles: ["customer"],
  rateLimit: "me",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: AddressesResponse },
  summary: "My saved addresses",
  description: `At most ${MAX_SAVED_ADDRESSES}; the default first.`,
  tags: ["me"],
});

export const createAddressRoute = defineRoute({
  id: "me.addresses.create",
  method: "POST",
  path: "/api/v1/me/addresses",
  functionId: "addresses-create",
  roles: ["customer"],
  rateLimit: "me",
  cache: null,
  idempotency: "optional",
  request: { body: CreateAddressRequest, headers: OptionalIdempotencyHeaders },
  responses: { 201: SavedAddress },
  summary: "Save an address",
  description: `Send an Idempotency-Key from offline-first apps so a retried save does not duplicate. 409 conflict beyond ${MAX_SAVED_ADDRESSES} addresses.`,
  tags: ["me"],
});

export const updateAddressRoute = defineRoute({
  id: "me.addresses.update",
  method: "PATCH",
  path: "/api/v1/me/addresses/:id",
  functionId: "addresses-update",
  roles: ["customer"],
  rateLimit: "me",
  cache: null,
  idempotency: "none",
  request: { params: IdParams, body: UpdateAddressRequest },
  responses: { 200: SavedAddress },
  summary: "Edit a saved address",
  description: "Another user's address is 404.",
  tags: ["me"],
});

export const deleteAddressRoute = defineRoute({
  id: "me.addresses.delete",
  method: "DELETE",
  path: "/api/v1/me/addresses/:id",
  functionId: "addresses-delete",
  roles: ["customer"],
  rateLimit: "me",
  cache: null,
  idempotency: "none",
  request: { params: IdParams },
  responses: { 204: NoContent },
  summary: "Delete a saved address",
  description: "Past orders keep their own copy of the address.",
  tags: ["me"],
});

// ---- privacy -----------------------------------------------------------------------------------------

/** The delivery address an order was placed with, as the order keeps it (not the saved address, which may have changed). */
export const ExportedOrderAddress = z.object({
  label: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  landmark: z.string().nullable(),
  locality: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  pincode: z.string(),
  lat: Latitude,
  lng: Longitude,
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  instructions: z.string().nullable(),
});

/** An order in the export: the history row (OrderSummary) plus what the customer told us and paid. */
export const ExportedOrder = OrderSummary.extend({
  paymentMethod: PaymentMethod,
  items: z.array(MoneyLine),
  amounts: Amounts,
  refundedPaise: Paise,
  couponCode: z.string().nullable(),
  deliveryAddress: ExportedOrderAddress,
  specialInstructions: z.string().nullable(),
  timeline: z.array(TimelineEntry),
  cancellation: Cancellation.nullable(),
}).meta({ id: "ExportedOrder" });

export const ExportedFavorite = z.object({ restaurantId: AppwriteId, restaurantName: z.string().nullable(), createdAt: Timestamp });

export const ExportedNotification = z.object({
  id: AppwriteId,
  kind: z.string(),
  title: z.string(),
  message: z.string(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  status: z.enum(NOTIFICATION_STATUSES),
  language: z.enum(LANGUAGES),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
  readAt: Timestamp.nullable(),
});

export const ExportedPayment = z.object({
  orderId: AppwriteId,
  status: PaymentStatus,
  method: z.string().nullable().meta({ description: "Razorpay method: upi, card, netbanking, wallet …" }),
  amountPaise: Paise,
  refundedPaise: Paise,
  capturedAt: Timestamp.nullable(),
});

export const ExportedRefund = z.object({ orderId: AppwriteId, amountPaise: Paise, status: z.enum(REFUND_STATUSES), reasonCode: z.string(), requestedAt: Timestamp, processedAt: Timestamp.nullable() });

export const ExportedInvoice = z.object({ orderId: AppwriteId, number: z.string(), totalPaise: Paise, issuedAt: Timestamp, fileId: AppwriteId.nullable() });

/** Present when the caller is a delivery partner: the partner profile Chizze keeps for dispatch and payouts. */
export const ExportedPartner = z.object({
  id: AppwriteId,
  name: z.string(),
  phone: z.string(),
  vehicle: z.enum(VEHICLE_TYPES),
  vehicleNumber: z.string().nullable(),
  city: z.string(),
  kycStatus: z.enum(KYC_STATUSES),
  deliveriesCompleted: z.number().int().nonnegative(),
  rating: z.number().min(0).max(5).nullable(),
});

export const DataExport = z
  .object({
    generatedAt: Timestamp,
    profile: Profile,
    addresses: z.array(SavedAddress),
    orders: z.array(ExportedOrder),
    reviews: z.array(Review),
    // Added with the privacy functions (additive): the rest of what Chizze holds about the caller.
    account: z.object({
      language: z.enum(LANGUAGES),
      marketingOptIn: z.boolean(),
      marketingOptInAt: Timestamp.nullable(),
      deletion: z.object({ requestedAt: Timestamp, deleteAfter: Timestamp }).nullable().meta({ description: "Set while a DELETE /me is pending" }),
    }),
    favorites: z.array(ExportedFavorite),
    notifications: z.array(ExportedNotification),
    payments: z.array(ExportedPayment),
    refunds: z.array(ExportedRefund),
    invoices: z.array(ExportedInvoice),
    partner: ExportedPartner.nullable(),
    truncated: z.array(z.string()).meta({ description: "Sections cut at their row bound (none for ordinary accounts); ask support for the rest" }),
  })
  .meta({ id: "DataExport", description: "Everything Chizze holds about the caller, as JSON" });

export const exportMeRoute = defineRoute({
  id: "me.export",
  method: "GET",
  path: "/api/v1/me/export",
  functionId: "me-export",
  roles: ["self"],
  rateLimit: "me.privacy",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: DataExport },
  summary: "Export my data",
  description: "Profile, addresses, orders (items, amounts, the address used), reviews, favourites, notifications, payments, refunds, invoices and the partner profile, read in pages so a long history fits one answer.",
  tags: ["me"],
});

export const AccountDeletion = z
  .object({
    status: z.literal("scheduled"),
    deleteAfter: Timestamp.meta({ description: "End of the grace period; logging in before it cancels the deletion" }),
  })
  .meta({ id: "AccountDeletion" });

export const deleteMeRoute = defineRoute({
  id: "me.delete",
  method: "DELETE",
  path: "/api/v1/me",
  functionId: "me-delete",
  roles: ["self"],
  rateLimit: "me.privacy",
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 202: AccountDeletion },
  summary: "Delete my account",
  description:
    "Schedules deletion after a grace period and ends all sessions. Personal data is erased; orders and invoices are kept anonymised because GST law requires them. 409 while an order is active (or for a restaurant owner: closed through support). Repeating it answers the same deadline.",
  tags: ["me"],
});

export const meRoutes = [
  getProfileRoute,
  updateProfileRoute,
  listAddressesRoute,
  createAddressRoute,
  updateAddressRoute,
  deleteAddressRoute,
  exportMeRoute,
  deleteMeRoute,
] as const;
