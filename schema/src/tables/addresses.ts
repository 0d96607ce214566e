// Read by: the owning customer (row permission) and admins. Orders copy the address into their own
// snapshot, so editing or deleting an address never changes a past order.
import { ADMIN_READ } from "../access";
import { PHONE_PATTERN, PINCODE_PATTERN } from "../documents";
import { boolean, defineTable, id, idx, latitude, longitude, string } from "../dsl";

export const addresses = defineTable({
  id: "addresses",
  name: "Addresses",
  description: "Customers' saved delivery addresses.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true }),
    label: string(32, { description: "home | work | other (the app's label)" }),
    custom_label: string(40, { description: "The customer's own name for an `other` address" }),
    line1: string(200, { required: true, description: "House / flat / building" }),
    line2: string(200),
    landmark: string(120),
    locality: string(120),
    city: string(80, { required: true }),
    state: string(80, { required: true }),
    pincode: string(6, { required: true, pattern: PINCODE_PATTERN }),
    lat: latitude({ required: true }),
    lng: longitude({ required: true }),
    contact_name: string(128),
    contact_phone: string(16, { pattern: PHONE_PATTERN }),
    instructions: string(200, { description: "For the delivery partner" }),
    is_default: boolean({ default: false }),
  },
  indexes: [idx.key("idx_user_default", ["user_id", "is_default"])],
});
