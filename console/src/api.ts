/**
 * The console's only way to the data: the public HTTP API with the signed-in principal's bearer token. No
 * private routes, no more rights than the token (issue 14). Errors come back as ApiProblem, the API's
 * problem+json with its field-level issues, so a page can show each issue next to the field it names.
 */
import { session } from './session';

/** One field-level issue of a refused request (`errors` of problem+json). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A refused request, as the API explained it (RFC 9457). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldIssue[],
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  /** The issue about `field` (`body.form.amount` matches `form.amount` and `amount`), if any. */
  about(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON, or as it is when a string with another `contentType` (YAML templates). */
  body?: unknown;
  contentType?: string;
  /** What to read back: JSON (default), text, or the raw response (downloads). */
  accept?: string;
  signal?: AbortSignal;
}

/** Called when the API answers 401: the token was revoked or mistyped; the console signs out. */
let onUnauthorised: () => void = () => undefined;
export function whenUnauthorised(handler: () => void): void {
  onUnauthorised = handler;
}

async function send(path: string, options: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    const type = options.contentType ?? 'application/json';
    headers['content-type'] = type;
    body =
      typeof options.body === 'string' && type !== 'application/json'
        ? options.body
        : JSON.stringify(options.body);
    // Every POST that creates something takes an Idempotency-Key; a fresh one per click is what a form wants.
    if (options.method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  }
  return fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
}

async function problemOf(res: Response): Promise<ApiProblem> {
  let doc: { title?: string; detail?: string; errors?: FieldIssue[] } = {};
  try {
    doc = (await res.json()) as typeof doc;
  } catch {
    // Not problem+json (a proxy's page): the status says enough.
  }
  return new ApiProblem(res.status, doc.title ?? res.statusText, doc.detail, doc.errors ?? []);
}

/** The raw answer of a call that succeeded (for downloads); throws ApiProblem otherwise. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const res = await send(path, options, session.token());
  if (res.ok) return res;
  if (res.status === 401) onUnauthorised();
  throw await problemOf(res);
}

/** A JSON call: the parsed answer, or ApiProblem. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(path, options);
  return (await res.json()) as T;
}

/** Whatever a call threw, as an ApiProblem (a network failure has status 0). */
export function asProblem(err: unknown): ApiProblem {
  return err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []);
}

/** A query string of the defined values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
