// The caller's own account: profile, saved addresses, data export and deletion (DPDP Act rights).
import { z } from "zod";
import { USER_ROLES } from "@chizze/schema";
import { AppwriteId, IdParams, Latitude, Longitude, NoContent, OptionalIdempotencyHeaders, Phone, Pincode, Timestamp, list } from "../common";
import { defineRoute } from "../route";
import { OrderSummary, Review } from "./orders";

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

export const DataExport = z
  .object({
    generatedAt: Timestamp,
    profile: Profile,
    addresses: z.array(SavedAddress),
    orders: z.array(OrderSummary),
    reviews: z.array(Review),
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
  description: "Profile, addresses, orders and reviews.",
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
    "Schedules deletion after a grace period and ends all sessions. Personal data is erased; orders and invoices are kept anonymised because GST law requires them. 409 while an order is active.",
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
