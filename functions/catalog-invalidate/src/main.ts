import { defineFunction, ok } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { CatalogRowEvent, invalidateCatalogForRow } from "@chizze/services/catalog-cache/invalidate";

export default defineFunction({
  id: "catalog-invalidate",
  trigger: "event",
  input: CatalogRowEvent,
  handler: async (ctx) => ok(await invalidateCatalogForRow(depsFor(ctx), ctx.event, ctx.payload)),
});
