// Read by: admins only. Row id = name; incremented with incrementRowColumn inside the transaction that uses
// the number, so a rolled-back transaction leaves no gap (invoice numbers, order numbers per day).
import { ADMIN_READ } from "../access";
import { defineTable, idx, integer, string } from "../dsl";

export const counters = defineTable({
  id: "counters",
  name: "Counters",
  description: "Named gapless sequences, e.g. invoice:2025-26.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    name: string(64, { required: true, pattern: /^[a-z][a-z0-9_:.-]{0,63}$/ }),
    value: integer({ required: true, min: 0 }),
  },
  indexes: [idx.unique("uniq_name", ["name"])],
});
