/**
 * GET /docs: the OpenAPI document rendered as one self-contained HTML page on the server — no script, no
 * CDN, nothing fetched at run time — so it works offline and under helmet's default Content-Security-Policy.
 */
type Json = Record<string, unknown>;

const esc = (text: unknown): string => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pre = (value: unknown): string => `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;

const methodOrder = ['get', 'put', 'post', 'patch', 'delete'];

function operationHtml(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = (op.responses as Record<string, Json> | undefined) ?? {};
  const rows = params
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td>` +
        `<td><code>${esc(JSON.stringify(p.schema))}</code></td><td>${esc(p.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<details class="op"><summary><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span>
<code>${esc(path)}</code> ${esc(op.summary ?? '')}</summary>
<p>${esc(op.description ?? '').replace(/\n\n/g, '</p><p>')}</p>
${rows ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th><th></th></tr>${rows}</table>` : ''}
${
  body
    ? `<h4>Request body</h4>${Object.entries(body)
        .map(([type, c]) => `<p><code>${esc(type)}</code></p>${pre((c as Json).schema)}`)
        .join('')}`
    : ''
}
<h4>Responses</h4>${Object.entries(responses)
    .map(
      ([status, r]) =>
        `<details><summary><b>${esc(status)}</b> ${esc(r.description ?? '')}</summary>${Object.entries(
          (r.content as Json | undefined) ?? {},
        )
          .map(([type, c]) => `<p><code>${esc(type)}</code></p>${pre((c as Json).schema)}`)
          .join('')}</details>`,
    )
    .join('')}
</details>`;
}

export function renderDocsPage(doc: Json): string {
  const info = (doc.info as Json | undefined) ?? {};
  const paths = (doc.paths as Record<string, Record<string, Json>> | undefined) ?? {};
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methodOrder) {
      const op = item[method];
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, op)]);
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {};
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)} ${esc(info.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f6f8;padding:.6rem;overflow:auto;max-height:28rem}
details.op{border:1px solid #d6dbe1;border-radius:6px;margin:.4rem 0;padding:.4rem .7rem}
summary{cursor:pointer}.m{display:inline-block;min-width:4.2rem;font-weight:600}
.get{color:#1f6feb}.post{color:#1a7f37}.put{color:#9a6700}.delete{color:#cf222e}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e5e8eb;padding:.2rem .5rem;text-align:left}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
${[...byTag.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('\n')}`).join('\n')}
<h2>Schemas</h2>
${Object.entries(schemas)
  .map(
    ([name, schema]) =>
      `<details class="op" id="${esc(name)}"><summary>${esc(name)}</summary>${pre(schema)}</details>`,
  )
  .join('\n')}
</body></html>`;
}
