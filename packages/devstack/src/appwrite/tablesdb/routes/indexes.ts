// Indexes: list, create, get, delete. Key/unique indexes are real SQLite indexes; fulltext and spatial are metadata.
import { AppwriteError } from "../../errors";
import { isoDate } from "../../context";
import type { AppwriteApp } from "../../server";
import { requireScope, resolveDatabase } from "../access";
import type { TablesDb } from "../context";
import { arg, listMeta, route, type Dialect } from "../http";
import { indexSpec } from "../indexes";
import { indexModel } from "../models";
import type { Caller } from "../../context";
import type { TableMeta } from "../types";

export function indexRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const base = `${d.base}/:databaseId/${d.tables}/:tableId/indexes`;
  const table = (databaseId: string, tableId: string, caller: Caller): TableMeta => {
    resolveDatabase(s.catalog, caller, databaseId);
    return s.catalog.requireTable(databaseId, tableId);
  };
  const notFound = (key: string): AppwriteError =>
    new AppwriteError(d.legacy ? "index_not_found" : "column_index_not_found", `Index with the requested key '${key}' could not be found.`);

  app.get(
    base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "indexes.read");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const { total, items } = listMeta(t.indexes.map((i) => indexModel(i, d)), p);
      return c.json({ total, indexes: items });
    }),
  );

  app.post(
    base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "indexes.write");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const spec = indexSpec(t, p, d.indexColumns, isoDate(s.deps.now()), d.legacy);
      s.catalog.addIndex(t, spec);
      return c.json(indexModel(spec, d), 202);
    }),
  );

  app.get(
    `${base}/:key`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "indexes.read");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const idx = t.indexes.find((i) => i.key === arg(c, "key"));
      if (!idx) throw notFound(arg(c, "key"));
      return c.json(indexModel(idx, d));
    }),
  );

  app.delete(
    `${base}/:key`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "indexes.write");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      if (!t.indexes.some((i) => i.key === arg(c, "key"))) throw notFound(arg(c, "key"));
      s.catalog.deleteIndex(t, arg(c, "key"));
      return c.body(null, 204);
    }),
  );
}
