// addresses row ⇄ the API's SavedAddress.
import type { z } from "zod";
import type { RowOf } from "@chizze/schema";
import type { T } from "@chizze/schema";
import type { AddressLabel, SavedAddress } from "@chizze/contracts/api/me";
import { isoUtc } from "../time";

type AddressRow = RowOf<typeof T.addresses>;

const LABELS: readonly z.infer<typeof AddressLabel>[] = ["home", "work", "other"];

export function toSavedAddress(row: AddressRow): z.infer<typeof SavedAddress> {
  const label = LABELS.find((l) => l === row.label) ?? "other";
  return {
    id: row.$id,
    label,
    customLabel: row.custom_label,
    line1: row.line1,
    line2: row.line2,
    landmark: row.landmark,
    locality: row.locality,
    city: row.city,
    state: row.state,
    pincode: row.pincode,
    lat: row.lat,
    lng: row.lng,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    instructions: row.instructions,
    isDefault: row.is_default ?? false,
    createdAt: isoUtc(row.$createdAt),
    updatedAt: isoUtc(row.$updatedAt),
  };
}
