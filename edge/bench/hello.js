// Bare Hono hello-world Worker: the baseline of tests/bench/edge.bench.ts (same workerd, same machine, same
// compatibility date and flags as the edge), so the edge's figures can be read as a ratio within one run.
// Plain JS on purpose: it sits outside every tsconfig (the linter's project service would reject a .ts file here).
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ ok: true }));

export default app;
