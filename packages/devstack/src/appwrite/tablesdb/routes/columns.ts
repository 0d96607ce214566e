// Columns (legacy: attributes): list, create per type, update per type, get, delete. DDL is synchronous, so every
// column is `available` at once — the CLI polls the legacy list until it is.
import { AppwriteError } from "../../errors";
import { isoDate } from "../../context";
import type { AppwriteApp } from "../../server";
import { requireScope, resolveDatabase } from "../access";
import { COLUMN_KINDS, columnModel, createColumnSpec, updateColumnSpec } from "../columns";
import type { TablesDb } from "../context";
import { arg, listMeta, route, type Dialect } from "../http";
import type { TableMeta } from "../types";

export function columnRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const base = `${d.base}/:databaseId/${d.tables}/:tableId/${d.columns}`;
  const now = (): string => isoDate(s.deps.now());
  const notFound = (key: string): AppwriteError =>
    new AppwriteError(d.legacy ? "attribute_not_found" : "column_not_found", `${d.legacy ? "Attribute" : "Column"} with the requested key '${key}' could not be found.`);
  const table = (databaseId: string, tableId: string, caller: Parameters<typeof resolveDatabase>[1]): TableMeta => {
    resolveDatabase(s.catalog, caller, databaseId);
    return s.catalog.requireTable(databaseId, tableId);
  };

  app.get(
    base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "columns.read");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const { total, items } = listMeta(t.columns.map(columnModel), p);
      return c.json({ total, [d.columns]: items });
    }),
  );

  app.post(
    `${base}/:kind`,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "columns.write");
      const kind = arg(c, "kind");
      if (kind === "relationship") {
        throw new AppwriteError("general_bad_request", "Relationship columns are not supported by the local TablesDB emulator.");
      }
      if (!COLUMN_KINDS.includes(kind)) throw new AppwriteError("general_route_not_found");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const spec = createColumnSpec(kind, p, now(), d.legacy);
      s.catalog.addColumn(t, spec, d.legacy);
      return c.json(columnModel(spec), 202);
    }),
  );

  app.patch(
    `${base}/:kind/:key`,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "columns.write");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const key = arg(c, "key");
      const current = t.columns.find((x) => x.key === key);
      if (!current) throw notFound(key);
      const spec = updateColumnSpec(current, arg(c, "kind"), p, now(), d.legacy);
      s.catalog.updateColumn(t, key, spec);
      return c.json(columnModel(spec));
    }),
  );

  app.get(
    `${base}/:key`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "columns.read");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      const col = t.columns.find((x) => x.key === arg(c, "key"));
      if (!col) throw notFound(arg(c, "key"));
      return c.json(columnModel(col));
    }),
  );

  app.delete(
    `${base}/:key`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "columns.write");
      const t = table(arg(c, "databaseId"), arg(c, "tableId"), ctx.caller);
      if (!t.columns.some((x) => x.key === arg(c, "key"))) throw notFound(arg(c, "key"));
      s.catalog.deleteColumn(t, arg(c, "key"));
      return c.body(null, 204);
    }),
  );
}
