import type { z } from "zod";
import type { SavedAddress, UpdateAddressRequest } from "@chizze/contracts/api/me";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { clearOtherDefaults } from "./default";
import { toSavedAddress } from "./view";

/** Edits one of the caller's addresses; anyone else's is 404. */
export async function updateAddress(deps: Deps, caller: Caller, id: string, input: z.infer<typeof UpdateAddressRequest>): Promise<z.infer<typeof SavedAddress>> {
  const row = await deps.db.addresses.get(id);
  if (!row || row.user_id !== caller.userId) throw notFound("Address");
  const patch = {
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.customLabel !== undefined ? { custom_label: input.customLabel } : {}),
    ...(input.line1 !== undefined ? { line1: input.line1 } : {}),
    ...(input.line2 !== undefined ? { line2: input.line2 } : {}),
    ...(input.landmark !== undefined ? { landmark: input.landmark } : {}),
    ...(input.locality !== undefined ? { locality: input.locality } : {}),
    ...(input.city !== undefined ? { city: input.city } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(input.pincode !== undefined ? { pincode: input.pincode } : {}),
    ...(input.lat !== undefined ? { lat: input.lat } : {}),
    ...(input.lng !== undefined ? { lng: input.lng } : {}),
    ...(input.contactName !== undefined ? { contact_name: input.contactName } : {}),
    ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
    ...(input.instructions !== undefined ? { instructions: input.instructions } : {}),
    ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
  };
  const updated = await deps.db.addresses.update(id, patch);
  if (input.isDefault === true) await clearOtherDefaults(deps, caller.userId, id);
  return toSavedAddress(updated);
}
