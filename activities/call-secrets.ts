/**
 * Secrets of `call` steps: a template names them (`{ secret: NAME }`), the worker reads the value from
 * `CASEFLOW_SECRET_<NAME>` when it calls. The values live only in the activity's memory for one call:
 * every text that leaves it (failure messages, answers stored in vars) passes through `redact`.
 */
import type { CallValue } from '../definitions/plan';

/** Where the worker finds a secret's value; unset (or empty) is undefined. */
export type SecretSource = (name: string) => string | undefined;

export const secretVariable = (name: string): string => `CASEFLOW_SECRET_${name}`;

/** Read at call time, so a secret set or rotated in the worker's environment needs no new template. */
export const environmentSecrets: SecretSource = (name) => process.env[secretVariable(name)] || undefined;

export class MissingSecretError extends Error {
  constructor(readonly secret: string) {
    super(`secret ${secret} is not set: set ${secretVariable(secret)} on the worker`);
    this.name = 'MissingSecretError';
  }
}

/** Shorter values are not searched for in texts (they would match by chance); see docs/security.md. */
const REDACT_MIN_LENGTH = 4;

/** The secrets one call used, and the redaction of any text by them. */
export class CallSecrets {
  private readonly used = new Map<string, string>();

  constructor(private readonly source: SecretSource) {}

  /** The value to send: literal text as is, a reference read from the source (MissingSecretError if unset). */
  resolve(value: CallValue): string {
    if (typeof value === 'string') return value;
    const secret = this.source(value.secret);
    if (secret === undefined || secret === '') throw new MissingSecretError(value.secret);
    this.used.set(value.secret, secret);
    return secret;
  }

  resolveAll(values: Record<string, CallValue> | undefined): Record<string, string> {
    return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, this.resolve(value)]));
  }

  /** `text` with every used secret value (also percent- and form-encoded) replaced by `[secret NAME]`. */
  redact(text: string): string {
    let out = text;
    for (const [name, value] of this.used) {
      if (value.length < REDACT_MIN_LENGTH) continue;
      const forms = new Set([
        value,
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
      ]);
      for (const form of forms) out = out.split(form).join(`[secret ${name}]`);
    }
    return out;
  }
}

/** The URL as people may see it: query values given by reference shown as `[secret NAME]`. */
export function shownUrl(url: string, query: Record<string, CallValue> | undefined): string {
  if (!URL.canParse(url)) return url;
  const shown = withQuery(url, query, (value) =>
    typeof value === 'string' ? value : `[secret ${value.secret}]`,
  );
  return shown.replace(/%5Bsecret\+([A-Z0-9_]+)%5D/g, '[secret $1]');
}

/** `url` with the step's query parameters set (each replaces one of the same name in the URL). */
export function withQuery(
  url: string,
  query: Record<string, CallValue> | undefined,
  valueOf: (value: CallValue) => string,
): string {
  if (query === undefined || Object.keys(query).length === 0) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, valueOf(value));
  return target.href;
}
