import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

const TABLES = ["restaurants", "menu_items", "menu_categories"] as const;
const ACTIONS = ["create", "update", "delete"] as const;

export default defineManifest({
  id: "catalog-invalidate",
  name: "Retire cached catalog pages on restaurant and menu changes",
  trigger: "event",
  events: TABLES.flatMap((t) => ACTIONS.map((a) => `databases.chizze.tables.${t}.rows.*.${a}`)),
  timeout: 15,
  // Only Redis: the execution key needs no Appwrite scope.
  scopes: [],
  variables: [...PLATFORM_VARIABLES],
});
