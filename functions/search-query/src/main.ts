import { defineFunction, ok } from "@chizze/function-kit";
import { searchRoute } from "@chizze/contracts/api/catalog";
import { depsFor, requireCaller } from "@chizze/services";
import { search } from "@chizze/services/catalog/search";

export default defineFunction({
  id: "search-query",
  trigger: "http",
  route: searchRoute,
  handler: async (ctx) => ok(await search(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});
