import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { ApproveRestaurantRequest, ApprovedRestaurant } from "@chizze/contracts/api/admin";
import { FSSAI_PATTERN } from "@chizze/schema";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { isoUtcOrNull } from "../time";
import { approvalStatusOf } from "./view";

/**
 * Admin: pending (or suspended) → approved, after the licence checks the approval stands for: an FSSAI licence
 * number that is still valid (422 otherwise). Approving an approved restaurant changes nothing and answers the same.
 * The owner's online toggle is left alone: the owner decides when to start taking orders.
 *
 * `approvedBy` is the admin of this approval; the schema has no column for it yet, so a repeated approval cannot say
 * who approved first and answers null (the audit log line below is the record).
 */
export async function approveRestaurant(deps: Deps, caller: Caller, restaurantId: string, input: z.infer<typeof ApproveRestaurantRequest>): Promise<z.infer<typeof ApprovedRestaurant>> {
  if (!caller.roles.includes("admin")) throw new ApiError("forbidden", "Admins only");
  const row = await deps.db.restaurants.get(restaurantId);
  if (!row) throw notFound("Restaurant");
  if (row.is_approved) {
    return { id: row.$id, name: row.name, approvalStatus: "approved", approvedAt: isoUtcOrNull(row.approved_at), approvedBy: null };
  }
  const now = deps.now();
  if (!row.fssai_license || !FSSAI_PATTERN.test(row.fssai_license)) throw new ApiError("unprocessable", "The restaurant has no FSSAI licence number on file");
  if (row.fssai_valid_until && Date.parse(row.fssai_valid_until) <= now.getTime()) throw new ApiError("unprocessable", "The restaurant's FSSAI licence has expired");

  const updated = await deps.db.restaurants.update(row.$id, { is_approved: true, approved_at: now.toISOString() });
  deps.log.info("audit: restaurant approved", { audit: true, action: "restaurant.approve", restaurantId: row.$id, adminId: caller.userId, from: approvalStatusOf(row), note: input.note ?? null });
  return { id: updated.$id, name: updated.name, approvalStatus: approvalStatusOf(updated), approvedAt: isoUtcOrNull(updated.approved_at), approvedBy: caller.userId };
}
