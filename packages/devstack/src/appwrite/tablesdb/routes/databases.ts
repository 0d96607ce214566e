// Databases: list, create, get, update, delete (wire spec §2.1).
import { isoDate } from "../../context";
import type { AppwriteApp } from "../../server";
import { requireScope, resolveDatabase } from "../access";
import type { TablesDb } from "../context";
import { resolveId } from "../../ids";
import { arg, listMeta, route, type Dialect } from "../http";
import { databaseModel } from "../models";

export function databaseRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const now = (): string => isoDate(s.deps.now());

  app.get(
    d.base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "databases.read");
      const { total, items } = listMeta(s.catalog.listDatabases().map(databaseModel), p);
      return c.json({ total, databases: items });
    }),
  );

  app.post(
    d.base,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "databases.write");
      const id = resolveId("databaseId", p.raw("databaseId"), s.deps.now());
      return c.json(databaseModel(s.catalog.createDatabase(id, p.string("name"), p.optBool("enabled") ?? true, now())), 201);
    }),
  );

  app.get(
    `${d.base}/:databaseId`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "databases.read");
      return c.json(databaseModel(resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"))));
    }),
  );

  app.put(
    `${d.base}/:databaseId`,
    route(d, (c, ctx, p) => {
      requireScope(ctx.caller, "databases.write");
      const current = resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId"));
      return c.json(databaseModel(s.catalog.updateDatabase(current.id, p.optString("name") ?? current.name, p.optBool("enabled") ?? current.enabled, now())));
    }),
  );

  app.delete(
    `${d.base}/:databaseId`,
    route(d, (c, ctx) => {
      requireScope(ctx.caller, "databases.write");
      s.catalog.deleteDatabase(resolveDatabase(s.catalog, ctx.caller, arg(c, "databaseId")).id);
      return c.body(null, 204);
    }),
  );
}
