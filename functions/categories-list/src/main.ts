import { defineFunction, ok } from "@chizze/function-kit";
import { categoriesRoute } from "@chizze/contracts/api/catalog";
import { depsFor } from "@chizze/services";
import { listCategories } from "@chizze/services/catalog/categories";

export default defineFunction({
  id: "categories-list",
  trigger: "http",
  route: categoriesRoute,
  handler: async (ctx) => ok(await listCategories(depsFor(ctx))),
});
