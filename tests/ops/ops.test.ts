// The operations view (docs/operations.md) kept honest: the metric catalogue (ops/metrics.json) against the code's
// METRICS and what the code really emits, the Prometheus rules (ops/prometheus) and the Grafana dashboards
// (ops/grafana) against the catalogue, and every alert against a runbook section. Static: no stack, no network.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { METRICS } from "@chizze/platform/observability/metrics";
import { INTERNAL_ROUTES, ROUTES } from "@chizze/contracts/routes";
import { RATE_LIMITS } from "@chizze/contracts/policies";
import { DISPATCH_STATES, OFFER_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES, PLATFORMS } from "@chizze/schema/enums";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");
// js-yaml 4 (a devDependency; no types of its own) reads the rule files.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(src: string): unknown };

// ---- the catalogue ---------------------------------------------------------------------------------------------

const Place = z.object({ component: z.string().min(1), file: z.string().min(1), where: z.string().min(1) });
const Entry = z
  .object({
    name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
    type: z.enum(["counter", "histogram", "gauge"]),
    unit: z.string().min(1),
    labels: z.array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)),
    buckets: z.array(z.number()).optional(),
    labelValues: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    labelNotes: z.record(z.string(), z.string()).optional(),
    help: z.string().min(10),
    origin: z.enum(["design-8.1", "design-8.3", "code", "proposed", "external"]),
    status: z.enum(["emitted", "not_yet_emitted", "derived", "external"]),
    platformKey: z.string().optional(),
    emittedBy: z.array(Place).min(1).optional(),
    emitAt: z.array(Place).optional(),
    blocker: z.string().optional(),
    derivedFrom: z.object({ rule: z.string(), metrics: z.array(z.string()).min(1) }).optional(),
    exporter: z.string().optional(),
    mapping: z.string().optional(),
  })
  .strict();
type Entry = z.infer<typeof Entry>;

const catalogue = z.object({ description: z.string(), metrics: z.array(Entry).min(1) }).parse(JSON.parse(read("ops/metrics.json")));
const byName = new Map<string, Entry>(catalogue.metrics.map((m) => [m.name, m]));

// ---- what the code emits -----------------------------------------------------------------------------------------

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === "node_modules" || d.name === "dist" ? [] : tsFiles(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") ? [p] : [];
  });
}

/** Metric name → files that emit it: `METRICS.<key>.name`, a literal in `.counter/.gauge/.histogram("…")`, or `*_METRIC = "…"`. */
function emittedByCode(): Map<string, Set<string>> {
  const roots = ["edge/src", "schema/src", ...["packages", "functions"].flatMap((d) => readdirSync(join(ROOT, d)).map((p) => `${d}/${p}/src`))];
  const out = new Map<string, Set<string>>();
  const add = (name: string, file: string) => out.set(name, (out.get(name) ?? new Set()).add(file));
  const metricsByKey = new Map<string, string>(Object.entries(METRICS).map(([k, m]) => [k, m.name]));
  for (const file of roots.flatMap((r) => tsFiles(join(ROOT, r)))) {
    const src = readFileSync(file, "utf8");
    const rel = relative(ROOT, file);
    for (const m of src.matchAll(/\bMETRICS\.(\w+)\.name\b/g)) {
      const name = metricsByKey.get(m[1] ?? "");
      if (name) add(name, rel);
    }
    for (const m of src.matchAll(/\.(?:counter|gauge|histogram)\(\s*"([a-zA-Z_:][a-zA-Z0-9_:]*)"/g)) add(m[1] ?? "", rel);
    for (const m of src.matchAll(/\b[A-Z][A-Z0-9_]*_METRIC\s*=\s*"([a-zA-Z_:][a-zA-Z0-9_:]*)"/g)) add(m[1] ?? "", rel);
  }
  return out;
}

// ---- PromQL, as much as these files need -------------------------------------------------------------------------

interface Matcher {
  label: string;
  op: string;
  value: string;
}
interface Selector {
  name: string;
  matchers: Matcher[];
}

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;

/** Every series selector of an expression: names (functions and keywords left out) and their label matchers. */
function selectorsOf(expr: string): Selector[] {
  const matchersOf = new Map<string, Matcher[]>();
  for (const s of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const ms = [...(s[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({ label: m[1] ?? "", op: m[2] ?? "", value: m[3] ?? "" }));
    matchersOf.set(s[1] ?? "", [...(matchersOf.get(s[1] ?? "") ?? []), ...ms]);
  }
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(GROUPING, " ")
    .replace(/\boffset\s+\S+/g, " ")
    .replace(/\$\{?\w+\}?/g, " ");
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()/g)) {
    if (!KEYWORDS.has((m[1] ?? "").toLowerCase())) names.add(m[1] ?? "");
  }
  return [...names].map((name) => ({ name, matchers: matchersOf.get(name) ?? [] }));
}

/** The catalogue entry a series name belongs to (histogram series carry _bucket/_sum/_count). */
function resolveSeries(name: string): { entry: Entry; suffix: string } | null {
  const direct = byName.get(name);
  if (direct) return { entry: direct, suffix: "" };
  const m = /^(.*)(_bucket|_sum|_count)$/.exec(name);
  const base = m ? byName.get(m[1] ?? "") : undefined;
  return base?.type === "histogram" && m ? { entry: base, suffix: m[2] ?? "" } : null;
}

const ROUTE_IDS = new Set<string>([...ROUTES, ...INTERNAL_ROUTES].map((r) => r.id).concat("unmatched"));
const POLICY_IDS = new Set<string>(Object.keys(RATE_LIMITS));
const TARGET_LABELS = ["job", "instance"];

/** Problems of one expression against the catalogue; empty when it only uses catalogued metrics, labels and values. */
function checkExpr(expr: string): { problems: string[]; entries: Entry[] } {
  const problems: string[] = [];
  const entries: Entry[] = [];
  const labelsInScope = new Set<string>(TARGET_LABELS);
  for (const sel of selectorsOf(expr)) {
    const hit = resolveSeries(sel.name);
    if (!hit) {
      problems.push(`${sel.name}: not in ops/metrics.json`);
      continue;
    }
    const { entry, suffix } = hit;
    entries.push(entry);
    const allowed = new Set([...entry.labels, ...TARGET_LABELS, ...(suffix === "_bucket" ? ["le"] : [])]);
    allowed.forEach((l) => labelsInScope.add(l));
    for (const m of sel.matchers) {
      if (!allowed.has(m.label)) {
        problems.push(`${sel.name}: no label ${m.label} (has ${[...allowed].join(", ")})`);
        continue;
      }
      if (m.value.includes("$")) continue;
      if (m.label === "le") {
        const n = /^(\+Inf|\d+(?:\.\d+)?)/.exec(m.value)?.[1];
        if (n !== "+Inf" && !(entry.buckets ?? []).includes(Number(n))) problems.push(`${sel.name}: le="${m.value}" is not a bucket of ${entry.name}`);
        continue;
      }
      // Plain values and plain alternations are checked; real regexes ("5..") are not.
      const simple = m.op === "=" || m.op === "!=" || ((m.op === "=~" || m.op === "!~") && /^[\w.|-]+$/.test(m.value) && !/\.\./.test(m.value));
      if (!simple) continue;
      const values = m.op === "=" || m.op === "!=" ? [m.value] : m.value.split("|");
      const known =
        m.label === "endpoint" || m.label === "route" ? ROUTE_IDS : m.label === "policy" ? POLICY_IDS : entry.labelValues?.[m.label] ? new Set(entry.labelValues[m.label]) : null;
      for (const v of values) if (known && !known.has(v)) problems.push(`${sel.name}: ${m.label}="${v}" is not a known value`);
    }
  }
  for (const g of expr.matchAll(GROUPING)) {
    for (const l of (g[1] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
      if (!labelsInScope.has(l)) problems.push(`grouping by ${l}, a label none of the expression's metrics has`);
    }
  }
  return { problems, entries };
}

// ---- rules and docs ----------------------------------------------------------------------------------------------

const AlertRule = z.object({
  alert: z.string().regex(/^[A-Z][A-Za-z0-9]+$/),
  expr: z.string().min(1),
  for: z.string().regex(/^\d+[smh]$/),
  labels: z.object({ severity: z.enum(["critical", "warning", "info"]) }).passthrough(),
  annotations: z.object({ summary: z.string().min(5), description: z.string().min(10), runbook_url: z.string() }).strict(),
});
const RecordingRule = z.object({ record: z.string(), expr: z.string().min(1) }).strict();
const RuleFile = <T extends z.ZodType>(rule: T) => z.object({ groups: z.array(z.object({ name: z.string(), interval: z.string().optional(), rules: z.array(rule).min(1) }).strict()).min(1) }).strict();

const alertFile = RuleFile(AlertRule).parse(yaml.load(read("ops/prometheus/alerts.yml")));
const recordingFile = RuleFile(RecordingRule).parse(yaml.load(read("ops/prometheus/recording.yml")));
const alerts = alertFile.groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: g.name })));

const DOC = "docs/operations.md";
const doc = read(DOC);
/** GitHub's heading anchors. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
const headings = [...doc.matchAll(/^(#{1,6})\s+(.+)$/gm)].map((m) => ({ level: (m[1] ?? "").length, text: m[2] ?? "" }));
const anchors = new Set(headings.map((h) => slug(h.text)));
const runbookHeadings = (() => {
  const start = headings.findIndex((h) => h.level === 2 && h.text === "Runbooks");
  const end = headings.findIndex((h, i) => i > start && h.level <= 2);
  return headings.slice(start + 1, end === -1 ? undefined : end).filter((h) => h.level === 3).map((h) => h.text);
})();
const RUNBOOK_URL = /^\{\{ \$externalLabels\.runbook_base_url \}\}\/docs\/operations\.md#([a-z0-9-]+)$/;

// ---- dashboards --------------------------------------------------------------------------------------------------

const Target = z.object({ refId: z.string(), expr: z.string().min(1), datasource: z.object({ type: z.literal("prometheus"), uid: z.string() }) }).passthrough();
const Panel = z
  .object({
    id: z.number().int(),
    type: z.string(),
    title: z.string().min(1),
    description: z.string().optional(),
    gridPos: z.object({ h: z.number().positive(), w: z.number().positive().max(24), x: z.number().min(0).max(23), y: z.number().min(0) }),
    targets: z.array(Target).optional(),
    fieldConfig: z.object({ defaults: z.object({ unit: z.string().optional() }).passthrough() }).passthrough().optional(),
  })
  .passthrough();
const Dashboard = z
  .object({
    uid: z.string().min(1),
    title: z.string().min(1),
    schemaVersion: z.number(),
    tags: z.array(z.string()),
    panels: z.array(Panel).min(1),
    templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string(), definition: z.string().optional() }).passthrough()) }),
  })
  .passthrough();

/** §8.2, panel by panel (a bullet naming several things is split; a title may go on after this prefix). */
const SECTION_8_2: Record<string, { title: string; panels: string[] }> = {
  "business-overview.json": { title: "Business Overview", panels: ["Orders per minute", "Revenue today vs yesterday", "Active users", "Top restaurants by orders"] },
  "api-performance.json": {
    title: "API Performance",
    panels: ["Request rate (req/sec)", "Response time (p50, p95, p99)", "Error rate (4xx, 5xx)", "Active WebSocket connections", "Endpoint latency breakdown"],
  },
  "infrastructure-health.json": {
    title: "Infrastructure Health",
    panels: ["CPU/Memory per service", "Redis memory", "Redis hit ratio", "Redis connected clients", "Appwrite health (in place of MariaDB connections, queries/sec, replication lag)", "Disk usage and I/O", "Network bandwidth"],
  },
  "delivery-operations.json": { title: "Delivery Operations", panels: ["Active delivery partners", "Average match time", "Average delivery time", "Partner acceptance rate", "Orders waiting for pickup"] },
  "error-tracking.json": { title: "Error Tracking", panels: ["Error rate by service", "Top 10 errors", "Circuit breaker states", "Failed payment rate"] },
};
const dashboards = readdirSync(join(ROOT, "ops/grafana"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, d: Dashboard.parse(JSON.parse(read(`ops/grafana/${file}`))) }));

const mentionsNotYetEmitted = (...texts: (string | undefined)[]) => texts.some((t) => /not yet emitted/i.test(t ?? ""));

// ---------------------------------------------------------------------------------------------------------------

describe("metric catalogue (ops/metrics.json)", () => {
  it("names each metric once, with a shape that fits its type and status", () => {
    expect(byName.size).toBe(catalogue.metrics.length);
    for (const m of catalogue.metrics) {
      const where = `${m.name}`;
      if (m.type === "counter" && m.name.startsWith("chizze_")) expect(m.name, where).toMatch(/_total$/);
      if (m.type === "histogram") {
        expect(m.buckets?.length, where).toBeGreaterThan(0);
        expect([...(m.buckets ?? [])].sort((a, b) => a - b), where).toEqual(m.buckets);
        expect(new Set(m.buckets).size, where).toBe(m.buckets?.length);
        if (m.unit === "seconds") expect(m.name, where).toMatch(/_seconds$/);
      } else expect(m.buckets, where).toBeUndefined();
      for (const l of Object.keys({ ...m.labelValues, ...m.labelNotes })) expect(m.labels, `${where}: labelValues/labelNotes of ${l}`).toContain(l);
      expect(new Set(m.labels).size, where).toBe(m.labels.length);
      if (m.status === "emitted") expect(m.emittedBy, where).toBeDefined();
      else expect(m.emittedBy, where).toBeUndefined();
      if (m.status === "not_yet_emitted") expect((m.emitAt?.length ?? 0) > 0 || !!m.blocker, `${where}: says where to emit it`).toBe(true);
      if (m.status === "derived") expect(m.derivedFrom, where).toBeDefined();
      if (m.status === "external") expect(m.exporter, where).toBeDefined();
      for (const p of [...(m.emittedBy ?? []), ...(m.emitAt ?? [])]) expect(existsSync(join(ROOT, p.file)), `${where}: ${p.file} exists`).toBe(true);
    }
  });

  it("holds every METRICS entry with the same name, type, labels and buckets", () => {
    for (const [key, def] of Object.entries(METRICS)) {
      const m = byName.get(def.name);
      expect(m, `METRICS.${key} (${def.name}) is catalogued`).toBeDefined();
      expect(m?.platformKey, def.name).toBe(key);
      expect(m?.type, def.name).toBe(def.type);
      expect(m?.labels, def.name).toEqual([...def.labels]);
      expect(m?.buckets, def.name).toEqual("buckets" in def ? [...def.buckets] : undefined);
    }
    for (const m of catalogue.metrics.filter((e) => e.platformKey)) {
      const def = (METRICS as Record<string, { name: string } | undefined>)[m.platformKey ?? ""];
      expect(def?.name, `${m.name}: METRICS.${m.platformKey}`).toBe(m.name);
    }
  });

  it("calls emitted exactly what the code emits, from the files it names", () => {
    const code = emittedByCode();
    const claimed = catalogue.metrics.filter((m) => m.status === "emitted").map((m) => m.name);
    expect([...code.keys()].sort(), "metric names emitted by the code (edge/src, packages/*/src, functions/*/src)").toEqual([...claimed].sort());
    for (const m of catalogue.metrics.filter((e) => e.status === "emitted")) {
      for (const p of m.emittedBy ?? []) expect([...(code.get(m.name) ?? [])], `${m.name} is emitted in ${p.file}`).toContain(p.file);
    }
  });

  it("declares the Analytics Engine blob order: METRICS' order, else sorted", () => {
    for (const m of catalogue.metrics.filter((e) => e.status === "emitted" && !e.platformKey)) expect(m.labels, m.name).toEqual([...m.labels].sort());
  });

  it("uses the schema's values for enumerated labels", () => {
    const values = (name: string, label: string) => byName.get(name)?.labelValues?.[label];
    expect(values("chizze_orders_total", "status")).toEqual([...ORDER_STATUSES]);
    expect(values("chizze_payments_total", "status")).toEqual([...PAYMENT_STATUSES]);
    expect(values("chizze_dispatch_orders", "dispatch_state")).toEqual([...DISPATCH_STATES]);
    expect(values("chizze_dispatch_offers_total", "outcome")).toEqual([...OFFER_STATUSES]);
    expect(values("chizze_upgrade_required_total", "platform")).toEqual([...PLATFORMS]);
  });

  it("derives what it calls derived with a recording rule over catalogued metrics", () => {
    const records = new Map(recordingFile.groups.flatMap((g) => g.rules).map((r) => [r.record, r.expr]));
    for (const m of catalogue.metrics.filter((e) => e.status === "derived")) {
      expect(m.derivedFrom?.rule, m.name).toBe("ops/prometheus/recording.yml");
      const expr = records.get(m.name);
      expect(expr, `${m.name} is recorded`).toBeDefined();
      for (const src of m.derivedFrom?.metrics ?? []) expect(byName.has(src), `${m.name} from ${src}`).toBe(true);
      expect(checkExpr(expr ?? "").problems, m.name).toEqual([]);
    }
    for (const r of records.keys()) expect(byName.get(r)?.status, `recording rule ${r} is catalogued as derived`).toBe("derived");
  });

  it("is listed in docs/operations.md, metric by metric", () => {
    for (const m of catalogue.metrics) expect(doc, m.name).toContain(`\`${m.name}\``);
  });
});

describe("alerting rules (ops/prometheus/alerts.yml)", () => {
  it("have unique names and complete rules", () => {
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    expect(new Set(alertFile.groups.map((g) => g.name)).size).toBe(alertFile.groups.length);
  });

  it("keep §8.3's alerts with its severity and `for`", () => {
    const s83: Record<string, [string, string]> = {
      HighErrorRate: ["critical", "2m"],
      HighLatency: ["warning", "5m"],
      DeliveryMatchTimeout: ["critical", "5m"],
      RedisDown: ["critical", "30s"],
      AppwriteDown: ["critical", "1m"],
      HighMemoryUsage: ["warning", "5m"],
      WebSocketConnectionSurge: ["warning", "2m"],
      PaymentFailureSpike: ["critical", "3m"],
    };
    for (const [name, [severity, forDuration]] of Object.entries(s83)) {
      const a = alerts.find((r) => r.alert === name);
      expect(a, name).toBeDefined();
      expect([a?.group, a?.labels.severity, a?.for], name).toEqual(["chizze_critical", severity, forDuration]);
    }
  });

  it("cover money, dispatch, dependencies and §12.2", () => {
    const required = [
      "PaymentWebhookFailing",
      "ReconcilerBacklog",
      "ReconcilerNotRunning",
      "RefundPendingTooLong",
      "RefundFailed",
      "DeliveryMatchTimeout",
      "RestaurantAcceptLatencyHigh",
      "OrderCreationLatencyHigh",
      "HighErrorRate",
      "ErrorRateAboveSLO",
      "LatencyP99High",
      "CircuitBreakerOpen",
      "RedisDown",
      "RedisFailingOpen",
      "AppwriteDown",
      "KillSwitchOn",
      "CacheHitRatioLow",
    ];
    const names = new Set(alerts.map((a) => a.alert));
    for (const r of required) expect(names.has(r), r).toBe(true);
  });

  it("read only catalogued metrics, labels and values; say so when a metric is not emitted yet", () => {
    for (const a of alerts) {
      const { problems, entries } = checkExpr(a.expr);
      expect(problems, a.alert).toEqual([]);
      expect(entries.length, `${a.alert} reads a metric`).toBeGreaterThan(0);
      const pending = entries.filter((e) => e.status === "not_yet_emitted").map((e) => e.name);
      for (const name of pending) expect(a.annotations.description, `${a.alert} reads ${name}`).toMatch(new RegExp(`Not yet emitted: .*${name}`));
      if (pending.length === 0) expect(mentionsNotYetEmitted(a.annotations.description), `${a.alert} only reads emitted metrics`).toBe(false);
    }
  });

  it("link to their runbook section in docs/operations.md, and every runbook has its alert", () => {
    for (const a of alerts) {
      const anchor = RUNBOOK_URL.exec(a.annotations.runbook_url)?.[1];
      expect(anchor, `${a.alert} runbook_url`).toBe(a.alert.toLowerCase());
      expect(anchors.has(anchor ?? ""), `${DOC}#${anchor} exists`).toBe(true);
    }
    expect([...runbookHeadings].sort()).toEqual(alerts.map((a) => a.alert).sort());
  });
});

describe("dashboards (ops/grafana)", () => {
  it("are the five of §8.2, each with its panels", () => {
    expect(dashboards.map((x) => x.file)).toEqual(Object.keys(SECTION_8_2).sort());
    expect(new Set(dashboards.map((x) => x.d.uid)).size).toBe(dashboards.length);
    for (const { file, d } of dashboards) {
      const want = SECTION_8_2[file];
      expect(d.title, file).toContain(want?.title);
      expect(d.schemaVersion, file).toBe(39);
      expect(d.tags, file).toContain("chizze");
      expect(d.templating.list.some((v) => v.name === "datasource" && v.type === "datasource"), `${file}: datasource variable`).toBe(true);
      for (const title of want?.panels ?? []) expect(d.panels.some((p) => p.title.startsWith(title)), `${file}: panel "${title}"`).toBe(true);
    }
  });

  it("have well-formed panels: unique ids, a unit, queries on the datasource variable", () => {
    for (const { file, d } of dashboards) {
      expect(new Set(d.panels.map((p) => p.id)).size, file).toBe(d.panels.length);
      for (const p of d.panels) {
        const where = `${file}: ${p.title}`;
        expect(p.gridPos.x + p.gridPos.w, where).toBeLessThanOrEqual(24);
        if (p.type === "text" || p.type === "row") continue;
        expect(p.targets?.length, where).toBeGreaterThan(0);
        expect(new Set(p.targets?.map((t) => t.refId)).size, where).toBe(p.targets?.length);
        expect(p.fieldConfig?.defaults.unit, where).toBeDefined();
        for (const t of p.targets ?? []) expect(t.datasource.uid, where).toBe("${datasource}");
      }
    }
  });

  it("query only catalogued metrics, labels and values, and mark panels on metrics not emitted yet", () => {
    for (const { file, d } of dashboards) {
      for (const p of d.panels) {
        const entries: Entry[] = [];
        for (const t of p.targets ?? []) {
          const r = checkExpr(t.expr);
          expect(r.problems, `${file}: ${p.title} ${t.refId}`).toEqual([]);
          entries.push(...r.entries);
        }
        const pending = entries.some((e) => e.status === "not_yet_emitted");
        expect(mentionsNotYetEmitted(p.title, p.description), `${file}: ${p.title} reads a metric not emitted yet`).toBe(pending);
      }
      for (const v of d.templating.list.filter((x) => x.type === "query")) {
        const m = /^label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*),\s*(\w+)\)$/.exec(v.definition ?? "");
        expect(m, `${file}: variable ${v.name}`).not.toBeNull();
        expect(byName.get(m?.[1] ?? "")?.labels, `${file}: variable ${v.name}`).toContain(m?.[2]);
      }
    }
  });

  it("link only to anchors that exist in docs/operations.md", () => {
    const texts = [...dashboards.map((x) => JSON.stringify(x.d)), read("ops/metrics.json")];
    for (const t of texts) for (const m of t.matchAll(/docs\/operations\.md#([a-z0-9-]+)/g)) expect(anchors.has(m[1] ?? ""), `#${m[1]}`).toBe(true);
  });
});

describe("the PromQL reader of this test", () => {
  it("finds metrics, matchers and groupings, and reports what is wrong", () => {
    const sels = selectorsOf('sum by (le) (rate(chizze_http_request_duration_seconds_bucket{endpoint="orders.place", le=~"120(\\\\.0)?"}[5m])) / scalar(time()) offset 1d');
    expect(sels.map((s) => s.name)).toEqual(["chizze_http_request_duration_seconds_bucket"]);
    expect(sels[0]?.matchers.map((m) => m.label)).toEqual(["endpoint", "le"]);
    expect(checkExpr('sum(rate(chizze_http_requests_total{status="500"}[5m]))').problems).toEqual([expect.stringContaining("no label status")]);
    expect(checkExpr('rate(chizze_http_requests_total{endpoint="orders.nope"}[5m])').problems).toEqual([expect.stringContaining('endpoint="orders.nope"')]);
    expect(checkExpr('rate(chizze_delivery_match_duration_seconds_bucket{le="90"}[5m])').problems).toEqual([expect.stringContaining("not a bucket")]);
    expect(checkExpr("rate(chizze_orders_totl[5m])").problems).toEqual([expect.stringContaining("chizze_orders_totl")]);
    expect(checkExpr("sum by (status_code) (rate(chizze_orders_total[5m]))").problems).toEqual([expect.stringContaining("grouping by status_code")]);
  });
});

const promtool = [process.env.PROMTOOL, ...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "promtool"))].find((p): p is string => !!p && existsSync(p));

describe.skipIf(!promtool)("promtool (when installed)", () => {
  it("accepts the rule files and passes ops/prometheus/alerts.test.yml", () => {
    const cwd = join(ROOT, "ops/prometheus");
    execFileSync(promtool ?? "promtool", ["check", "rules", "alerts.yml", "recording.yml"], { cwd, stdio: "pipe" });
    execFileSync(promtool ?? "promtool", ["test", "rules", "alerts.test.yml"], { cwd, stdio: "pipe" });
  });
});
