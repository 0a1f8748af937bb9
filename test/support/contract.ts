/**
 * The contract check: every response an integration test sees through apiAs() is recorded, and when the
 * test file ends it is validated against the API's own /openapi.json — the status must be documented for
 * the operation, the content type must be one it names, and a JSON body must match its schema. A route
 * whose answers drift from its documentation fails the test file that saw the drift. The case, task, clock
 * and escalation schemas are the contract's closed views (contract/), so a response carrying a field the
 * document does not name fails too.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

export interface SeenResponse {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
}

type Json = Record<string, any>;

const seen: SeenResponse[] = [];
let documentPromise: Promise<Json> | undefined;

/** Records a response; the first one also fetches /openapi.json (while the API surely runs). */
export async function recordResponse(baseUrl: string, response: SeenResponse): Promise<void> {
  documentPromise ??= fetch(`${baseUrl}/openapi.json`).then((r) => r.json() as Promise<Json>);
  await documentPromise;
  seen.push(response);
}

/** Responses seen so far that do not validate against the document, one line each. */
export async function contractViolations(): Promise<string[]> {
  if (!documentPromise || !seen.length) return [];
  const doc = await documentPromise;
  const check = contractChecker(doc);
  return seen.map(check).filter((v): v is string => v !== undefined);
}

export function contractChecker(doc: Json): (r: SeenResponse) => string | undefined {
  // OpenAPI keywords beside JSON Schema (example, …) are not errors; formats are documentation here.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ $id: 'openapi.json', components: doc.components ?? {} });
  const validators = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object) => {
    let v = validators.get(schema);
    if (!v) {
      v = ajv.compile(rebase(schema));
      validators.set(schema, v);
    }
    return v;
  };
  const operations = Object.entries(doc.paths as Record<string, Json>).map(([template, item]) => ({
    template,
    item,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
    params: (template.match(/\{/g) ?? []).length,
  }));
  return (r) => {
    const where = `${r.method} ${r.path} → ${r.status}`;
    // What went on the wire: fetch resolves dot segments, drops the fragment and encodes the rest.
    const path = new URL(r.path, 'http://api.invalid').pathname;
    const op = operations
      .filter((o) => o.pattern.test(path) && o.item[r.method.toLowerCase()])
      .sort((a, b) => a.params - b.params)[0];
    const problemish = r.contentType.startsWith('application/problem+json');
    if (!op) {
      // Unknown paths and methods answer 404/405 problem documents (no operation to describe them).
      return [404, 405].includes(r.status) && problemish ? undefined : `${where}: no operation documents it`;
    }
    const responses = op.item[r.method.toLowerCase()].responses as Json;
    const documented = responses[String(r.status)];
    if (!documented) return `${where}: status not documented for ${op.template}`;
    const content = documented.content as Json | undefined;
    if (!content)
      return r.status === 204 || r.body === undefined ? undefined : `${where}: body not documented`;
    const mediaType = r.contentType.split(';')[0]!.trim();
    const media = content[mediaType];
    if (!media)
      return `${where}: content type ${mediaType} not documented (${Object.keys(content).join(', ')})`;
    if (!mediaType.includes('json') || !media.schema) return undefined;
    const validate = validatorOf(media.schema);
    if (validate(r.body)) return undefined;
    const first = validate.errors?.[0];
    // The views are closed (contract/): a field the document lacks is named, to add it to the contract.
    const extra = first?.params as { additionalProperty?: string } | undefined;
    const field = extra?.additionalProperty === undefined ? '' : ` '${extra.additionalProperty}'`;
    return `${where}: body does not match the schema: ${first?.instancePath || '/'} ${first?.message ?? ''}${field}`;
  };
}

/** Refs to `#/components/…` point into the schema registered as `openapi.json`. */
function rebase(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rebase(v),
      ]),
    );
  }
  return schema;
}

/** Registers, once per test file, a final check of everything the file saw. */
export function checkContractAfterAll(): void {
  afterAll(async () => {
    const violations = await contractViolations();
    if (violations.length) {
      throw new Error(
        `responses that do not match /openapi.json (fix the route's describe() or the route):\n  ` +
          [...new Set(violations)].slice(0, 30).join('\n  '),
      );
    }
  });
}
