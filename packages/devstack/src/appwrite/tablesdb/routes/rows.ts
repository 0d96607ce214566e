// Rows (legacy: documents): list, create (single or bulk on one path), get, upsert, update, delete, bulk
// upsert/update/delete, increment/decrement. A `transactionId` stages the write instead of applying it.
import type { Context } from "hono";
import { AppwriteError } from "../../errors";
import type { AppwriteApp, AppwriteEnv } from "../../server";
import type { TablesDb } from "../context";
import { resolveId } from "../../ids";
import { arg, queriesParam, route, totalParam, type Dialect } from "../http";
import type { Params } from "../params";
import type { Ctx } from "../service";
import type { TableMeta } from "../types";

export function rowRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const base = `${d.base}/:databaseId/${d.tables}/:tableId/${d.rows}`;
  const table = (c: Context<AppwriteEnv>, ctx: Ctx, write: boolean): TableMeta =>
    s.rows.table(ctx, arg(c, "databaseId"), arg(c, "tableId"), write);
  const list = (ctx: Ctx, r: { total: number; rows: Record<string, unknown>[] }): Record<string, unknown> => ({ total: r.total, [d.rows]: r.rows });
  const data = (p: Params): Record<string, unknown> | undefined => p.optObject("data");
  /** Data plus permissions as a staged operation carries them. */
  const staged = (p: Params): Record<string, unknown> => ({ ...(data(p) ?? {}), ...(p.has("permissions") ? { $permissions: p.raw("permissions") } : {}) });

  app.get(
    base,
    route(d, (c, ctx, p) => c.json(list(ctx, s.rows.list(ctx, table(c, ctx, false), queriesParam(p), totalParam(p))))),
  );

  app.post(
    base,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const rows = p.raw(d.rows);
      const txId = p.optString("transactionId");
      if (rows !== undefined) {
        if (p.has("data")) throw new AppwriteError("general_argument_invalid", `You can't use both data and ${d.rows} at the same time.`);
        if (p.has(d.rowParam)) throw new AppwriteError("general_argument_invalid", `You can't use ${d.rowParam} with ${d.rows}.`);
        if (p.has("permissions")) throw new AppwriteError("general_argument_invalid", `You can't use permissions with ${d.rows}; set $permissions on each row.`);
        if (txId) {
          s.tx.stageRowOperation(ctx, txId, { action: "bulkCreate", databaseId: t.databaseId, tableId: t.id, data: rows });
          return c.json(list(ctx, { total: Array.isArray(rows) ? rows.length : 0, rows: [] }), 201);
        }
        return c.json(list(ctx, s.rows.createMany(ctx, t, rows)), 201);
      }
      const body = data(p);
      if (body === undefined) throw new AppwriteError("row_missing_data");
      if (!p.has(d.rowParam)) throw new AppwriteError("row_missing_data", `Param "${d.rowParam}" is not optional.`);
      const rowId = resolveId(d.rowParam, p.raw(d.rowParam), s.deps.now());
      if (txId) return c.json(s.tx.stageRowOperation(ctx, txId, { action: "create", databaseId: t.databaseId, tableId: t.id, rowId, data: staged(p) }), 201);
      return c.json(s.rows.create(ctx, t, rowId, body, p.raw("permissions")), 201);
    }),
  );

  app.put(
    base,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const rows = p.raw(d.rows);
      if (rows === undefined) throw new AppwriteError("general_argument_invalid", `Param "${d.rows}" is not optional.`);
      const txId = p.optString("transactionId");
      if (txId) {
        s.tx.stageRowOperation(ctx, txId, { action: "bulkUpsert", databaseId: t.databaseId, tableId: t.id, data: rows });
        return c.json(list(ctx, { total: Array.isArray(rows) ? rows.length : 0, rows: [] }), 201);
      }
      return c.json(list(ctx, s.rows.upsertMany(ctx, t, rows)), 201);
    }),
  );

  app.patch(
    base,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const txId = p.optString("transactionId");
      if (txId) {
        s.tx.stageRowOperation(ctx, txId, { action: "bulkUpdate", databaseId: t.databaseId, tableId: t.id, data: { data: data(p) ?? {}, queries: queriesParam(p) } });
        return c.json(list(ctx, { total: 0, rows: [] }));
      }
      return c.json(list(ctx, s.rows.updateMany(ctx, t, data(p) ?? {}, queriesParam(p))));
    }),
  );

  app.delete(
    base,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const txId = p.optString("transactionId");
      if (txId) {
        s.tx.stageRowOperation(ctx, txId, { action: "bulkDelete", databaseId: t.databaseId, tableId: t.id, data: { queries: queriesParam(p) } });
        return c.json(list(ctx, { total: 0, rows: [] }));
      }
      return c.json(list(ctx, s.rows.deleteMany(ctx, t, queriesParam(p))));
    }),
  );

  app.get(
    `${base}/:rowId`,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, false);
      const txId = p.optString("transactionId");
      const row = s.rows.get(ctx, t, arg(c, "rowId"), queriesParam(p));
      if (txId) s.tx.noteRead(ctx, txId, t, arg(c, "rowId"));
      return c.json(row);
    }),
  );

  app.put(
    `${base}/:rowId`,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const rowId = arg(c, "rowId");
      const txId = p.optString("transactionId");
      if (txId) return c.json(s.tx.stageRowOperation(ctx, txId, { action: "upsert", databaseId: t.databaseId, tableId: t.id, rowId, data: staged(p) }), 201);
      return c.json(s.rows.upsert(ctx, t, rowId, data(p) ?? {}, p.raw("permissions")), 201);
    }),
  );

  app.patch(
    `${base}/:rowId`,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const rowId = arg(c, "rowId");
      const txId = p.optString("transactionId");
      if (txId) return c.json(s.tx.stageRowOperation(ctx, txId, { action: "update", databaseId: t.databaseId, tableId: t.id, rowId, data: staged(p) }));
      return c.json(s.rows.update(ctx, t, rowId, data(p), p.raw("permissions")));
    }),
  );

  app.delete(
    `${base}/:rowId`,
    route(d, (c, ctx, p) => {
      const t = table(c, ctx, true);
      const rowId = arg(c, "rowId");
      const txId = p.optString("transactionId");
      if (txId) s.tx.stageRowOperation(ctx, txId, { action: "delete", databaseId: t.databaseId, tableId: t.id, rowId });
      else s.rows.delete(ctx, t, rowId);
      return c.body(null, 204);
    }),
  );

  for (const action of ["increment", "decrement"] as const) {
    app.patch(
      `${base}/:rowId/:column/${action}`,
      route(d, (c, ctx, p) => {
        const t = table(c, ctx, true);
        const rowId = arg(c, "rowId");
        const column = arg(c, "column");
        const value = p.optNumber("value") ?? 1;
        const bound = p.optNumber(action === "increment" ? "max" : "min");
        const txId = p.optString("transactionId");
        if (txId) {
          const opData = { column, value, ...(bound === undefined ? {} : { [action === "increment" ? "max" : "min"]: bound }) };
          return c.json(s.tx.stageRowOperation(ctx, txId, { action, databaseId: t.databaseId, tableId: t.id, rowId, data: opData }));
        }
        return c.json(s.rows.increment(ctx, t, rowId, column, action === "increment" ? value : -value, bound));
      }),
    );
  }
}
