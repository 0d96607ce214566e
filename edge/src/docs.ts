// /docs: a self-contained HTML reference rendered on the server from the OpenAPI document. No scripts, no external
// assets (works offline and under a `default-src 'none'` CSP): operations grouped by tag, then every schema.
type Json = Record<string, unknown>;

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

const anchor = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "-");

/** Pretty JSON with `$ref`s turned into links to the schema section. */
function schemaHtml(schema: unknown): string {
  const text = esc(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(/&quot;#\/components\/schemas\/([A-Za-z0-9_.-]+)&quot;/g, (_, n: string) => `&quot;<a href="#schema-${anchor(n)}">#/components/schemas/${esc(n)}</a>&quot;`)}</pre>`;
}

function markdownish(s: string): string {
  return esc(s)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\n/g, "<br>");
}

export function renderDocs(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const byTag = new Map<string, { method: string; path: string; op: Json }[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined) ?? ["other"])[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }

  const toc = [...byTag.entries()]
    .map(([tag, ops]) => `<li>${esc(tag)}<ul>${ops.map(({ method, path, op }) => `<li><a href="#op-${anchor(String(op.operationId))}"><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> ${esc(path)}</a></li>`).join("")}</ul></li>`)
    .join("");

  const sections = [...byTag.entries()]
    .map(([tag, ops]) => {
      const items = ops
        .map(({ method, path, op }) => {
          const params = (op.parameters as Json[] | undefined) ?? [];
          const paramRows = params
            .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${esc(p.description ?? "")}</td><td>${schemaHtml(p.schema)}</td></tr>`)
            .join("");
          const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
          const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
            .map(([status, r]) => {
              const content = Object.entries((r.content ?? {}) as Record<string, Json>)
                .map(([type, c]) => `<div class="ct">${esc(type)}</div>${schemaHtml(c.schema)}`)
                .join("");
              return `<details><summary><b>${esc(status)}</b> ${markdownish(typeof r.description === "string" ? r.description : "")}</summary>${content}</details>`;
            })
            .join("");
          return `<section class="op" id="op-${anchor(String(op.operationId))}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> ${op.deprecated ? '<span class="dep">deprecated</span>' : ""}</h3>
<p class="sum">${esc(op.summary ?? "")} <small>(${esc(op.operationId)})</small></p>
<p>${markdownish(typeof op.description === "string" ? op.description : "")}</p>
${paramRows ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${paramRows}</table>` : ""}
${body ? `<h4>Request body</h4>${Object.entries(body).map(([type, c]) => `<div class="ct">${esc(type)}</div>${schemaHtml(c.schema)}`).join("")}` : ""}
<h4>Responses</h4>${responses}
</section>`;
        })
        .join("");
      return `<h2 id="tag-${anchor(tag)}">${esc(tag)}</h2>${items}`;
    })
    .join("");

  const schemaList = Object.entries(schemas)
    .map(([name, s]) => `<section id="schema-${anchor(name)}"><h3>${esc(name)}</h3>${schemaHtml(s)}</section>`)
    .join("");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title ?? "API")} ${esc(info.version ?? "")}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1d1d1f}
nav{width:320px;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f6f8;padding:12px;box-sizing:border-box;font-size:13px}
nav ul{list-style:none;padding-left:10px;margin:4px 0}
nav a{color:inherit;text-decoration:none}
main{flex:1;padding:16px 32px;max-width:1100px;overflow-wrap:anywhere}
.m{display:inline-block;min-width:52px;text-align:center;border-radius:4px;color:#fff;font-size:11px;font-weight:700;padding:1px 4px}
.get{background:#1f7ae0}.post{background:#1a9b50}.put{background:#b7791f}.patch{background:#7e57c2}.delete{background:#d93025}
.op{border-top:1px solid #ddd;padding:8px 0}
pre{background:#f4f4f6;padding:8px;overflow:auto;max-height:420px;font-size:12px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px;vertical-align:top;text-align:left}
.ct{font-size:12px;color:#555}.dep{color:#d93025;font-size:12px}
</style></head>
<body><nav><strong>${esc(info.title ?? "API")}</strong> <small>${esc(info.version ?? "")}</small>
<p><a href="openapi.json">openapi.json</a></p><ul>${toc}</ul><p><a href="#schemas">Schemas</a></p></nav>
<main><h1>${esc(info.title ?? "API")}</h1><p>${esc(info.description ?? "")}</p>${sections}
<h2 id="schemas">Schemas</h2>${schemaList}</main></body></html>`;
}
