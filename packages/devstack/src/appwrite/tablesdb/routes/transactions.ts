// Transactions: create (ttl), list, get, commit/rollback (PATCH), delete, createOperations.
import { AppwriteError } from "../../errors";
import type { AppwriteApp } from "../../server";
import type { TablesDb } from "../context";
import { arg, route, type Dialect } from "../http";

export function transactionRoutes(app: AppwriteApp, d: Dialect, s: TablesDb): void {
  const base = `${d.base}/transactions`;

  app.get(base, route(d, (c, ctx) => c.json(s.tx.list(ctx))));
  app.post(base, route(d, (c, ctx, p) => c.json(s.tx.create(ctx, p.optNumber("ttl")), 201)));
  app.get(`${base}/:transactionId`, route(d, (c, ctx) => c.json(s.tx.model(s.tx.load(ctx, arg(c, "transactionId"))))));

  app.patch(
    `${base}/:transactionId`,
    route(d, (c, ctx, p) => {
      const id = arg(c, "transactionId");
      const commit = p.optBool("commit") ?? false;
      const rollback = p.optBool("rollback") ?? false;
      if (commit === rollback) throw new AppwriteError("general_argument_invalid", "Exactly one of commit or rollback must be true.");
      return c.json(commit ? s.tx.commit(ctx, id) : s.tx.rollback(ctx, id));
    }),
  );

  app.delete(
    `${base}/:transactionId`,
    route(d, (c, ctx) => {
      s.tx.delete(ctx, arg(c, "transactionId"));
      return c.body(null, 204);
    }),
  );

  app.post(
    `${base}/:transactionId/operations`,
    route(d, (c, ctx, p) => c.json(s.tx.addOperations(ctx, arg(c, "transactionId"), p.raw("operations")), 201)),
  );
}
