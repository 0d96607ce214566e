// Tables (legacy: collections): list, create (optionally with inline columns and indexes), get, update, delete.
import { isoDate } from "../../context";
import type { AppwriteApp } from "../../server";
import { requireScope, resolveDatabase } from "../access";
import { inlineColumnSpec } from "../columns";
import type { TablesDb } from "../context";
import { resolveId } from "../../ids";
import { arg, listMeta, route, type Dialect } from "../http";
import { indexSpec } from "../indexes";
import { tableModel } from "../models";
import { Params } from "../params";
import { normalisePermissions, TABLE_ACTIONS } from "../permissions";

export function tableRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const base = `${d.base}/:databaseId/${d.tables}`;
  const now = (): string => isoDate(s.deps.now());

  app.get(
    base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "tables.read");
      const db = resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      const { total, items } = listMeta(s.catalog.listTables(db.id).map((t) => tableModel(t, d)), p);
      return c.json({ total, [d.tables]: items });
    }),
  );

  app.post(
    base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "tables.write");
      const db = resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      const id = resolveId(d.tableParam, p.raw(d.tableParam), s.deps.now());
      const stamp = now();
      const rawColumns = p.optArray("columns") ?? p.optArray("attributes") ?? [];
      const rawIndexes = p.optArray("indexes") ?? [];
      // Validate every inline definition before anything is created, so a bad one leaves no half-made table.
      const columns = rawColumns.map((r) => inlineColumnSpec(r as Record<string, unknown>, stamp, d.legacy, (o) => new Params(o)));
      const result = s.catalog.transaction(() => {
        let t = s.catalog.createTable(
          db.id,
          id,
          {
            name: p.string("name"),
            enabled: p.optBool("enabled") ?? true,
            rowSecurity: p.optBool(d.rowSecurity) ?? false,
            permissions: normalisePermissions(p.optArray("permissions") ?? [], TABLE_ACTIONS),
          },
          stamp,
        );
        for (const col of columns) t = s.catalog.addColumn(t, col, d.legacy);
        for (const raw of rawIndexes) {
          const o = new Params(raw as Record<string, unknown>);
          // Inline indexes name their columns `attributes` (the server reads that key), createIndex uses `columns`.
          t = s.catalog.addIndex(t, indexSpec(t, o, o.has("attributes") ? "attributes" : "columns", stamp, d.legacy));
        }
        return t;
      });
      return c.json(tableModel(result, d), 201);
    }),
  );

  app.get(
    `${base}/:tableId`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "tables.read");
      resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      return c.json(tableModel(s.catalog.requireTable(arg(c, "databaseId"), arg(c, "tableId")), d));
    }),
  );

  app.put(
    `${base}/:tableId`,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "tables.write");
      resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      const t = s.catalog.requireTable(arg(c, "databaseId"), arg(c, "tableId"));
      const perms = p.optArray("permissions");
      const next = s.catalog.updateTable(
        t,
        {
          name: p.optString("name") ?? t.name,
          enabled: p.optBool("enabled") ?? t.enabled,
          rowSecurity: p.optBool(d.rowSecurity) ?? t.rowSecurity,
          permissions: perms ? normalisePermissions(perms, TABLE_ACTIONS) : t.permissions,
        },
        now(),
      );
      return c.json(tableModel(next, d));
    }),
  );

  app.delete(
    `${base}/:tableId`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "tables.write");
      resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      s.catalog.deleteTable(s.catalog.requireTable(arg(c, "databaseId"), arg(c, "tableId")));
      return c.body(null, 204);
    }),
  );
}
