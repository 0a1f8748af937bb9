/**
 * Warnings, not errors: `call` steps whose headers, query or URL look like they hold a credential as
 * literal text. A template is readable by every signed-in role and its plan rides in every case's history,
 * so a credential belongs in the worker's environment, named by `{ secret: NAME }` (docs/security.md).
 * Heuristic by nature: a warning may be wrong, so it never stops a template.
 */
import type { TemplateError } from './errors';
import type { DocumentPath, LoadedTemplate } from './load';

/** Header and parameter names that carry credentials (Idempotency-Key is set by caseflow and is not one). */
const CREDENTIAL_NAME =
  /authori[sz]ation|(^|[-_.])auth($|[-_.])|token|secret|passw|credential|signature|(^|[-_.])sig$|cookie|session|(^|[-_.])(api)?key($|[-_.])|apikey/i;
const NOT_CREDENTIAL_NAME = /^(idempotency-key|keep-alive)$/i;

/** Values that look like a credential whatever their name. */
const CREDENTIAL_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/^(bearer|basic|token|digest|apikey|sso-key)\s+\S{4,}/i, 'an authorization scheme with its credential'],
  [/^eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*$/, 'a JSON web token'],
  [
    /^(?:sk|pk|rk)_(?:live|test)_|^gh[pousr]_|^xox[abposr]-|^glpat-|^AKIA[0-9A-Z]{16}$/,
    'a known API key format',
  ],
  [/^[0-9a-f]{32,}$/i, 'a long hex string'],
  [/^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/_-]{32,}={0,2}$/, 'a long base64 string'],
];

function looksLikeCredential(name: string, value: string): string | undefined {
  if (value.trim() === '') return undefined;
  for (const [pattern, what] of CREDENTIAL_VALUES) if (pattern.test(value.trim())) return what;
  if (CREDENTIAL_NAME.test(name) && !NOT_CREDENTIAL_NAME.test(name))
    return 'literal text under a credential name';
  return undefined;
}

/** A secret name a designer can use as is: `lookup` + `X-Api-Key` → `LOOKUP_X_API_KEY`. */
function suggestedName(stepId: unknown, name: string): string {
  const raw = `${typeof stepId === 'string' ? stepId : 'call'}_${name}`;
  const upper = raw
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(upper) ? upper.slice(0, 64) : `S_${upper}`.slice(0, 64);
}

const advice = (secret: string) =>
  `write { secret: ${secret} } and set CASEFLOW_SECRET_${secret} on the worker: every role that reads templates, and every case's history, would see literal text`;

export function credentialWarnings(template: LoadedTemplate): TemplateError[] {
  const warnings: TemplateError[] = [];
  const warn = (path: DocumentPath, message: string): void => {
    warnings.push({ file: template.file, ...template.locate(path), message });
  };
  const data = template.data as { steps?: unknown } | null | undefined;
  const steps = Array.isArray(data?.steps) ? (data.steps as unknown[]) : [];
  steps.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object') return;
    const step = raw as { id?: unknown; kind?: unknown; url?: unknown; headers?: unknown; query?: unknown };
    if (step.kind !== 'call') return;
    for (const section of ['headers', 'query'] as const) {
      const values = step[section];
      if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        if (typeof value !== 'string') continue;
        const what = looksLikeCredential(name, value);
        if (what === undefined) continue;
        const noun = section === 'headers' ? 'header' : 'query parameter';
        warn(
          ['steps', index, section, name],
          `${noun} ${name} looks like a credential (${what}); ${advice(suggestedName(step.id, name))}`,
        );
      }
    }
    if (typeof step.url === 'string' && URL.canParse(step.url)) {
      const url = new URL(step.url);
      if (url.password !== '' || url.username !== '')
        warn(
          ['steps', index, 'url'],
          `the url holds a user name or password; use headers: { Authorization: { secret: NAME } } instead and set CASEFLOW_SECRET_NAME on the worker`,
        );
      for (const [name, value] of url.searchParams) {
        const what = looksLikeCredential(name, value);
        if (what === undefined) continue;
        const secret = suggestedName(step.id, name);
        warn(
          ['steps', index, 'url'],
          `the url's query parameter ${name} looks like a credential (${what}); move it to query: { ${name}: { secret: ${secret} } } and set CASEFLOW_SECRET_${secret} on the worker`,
        );
      }
    }
  });
  return warnings;
}
