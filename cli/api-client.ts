/**
 * The CLI's way to the API, for the commands that act on a running caseflow (publish, backtest, migrate,
 * replay --case): CASEFLOW_API_URL (default http://localhost:3000) and the caller's bearer token in
 * CASEFLOW_TOKEN. Going through the API rather than to PostgreSQL or Temporal means every such command is
 * authorised and audited like a request from the console, and needs no database address or payload key.
 */
import type { CliIo } from './command';

/** Where the API is and who calls it. */
export interface ApiTarget {
  base: string;
  token: string | undefined;
}

/** The API target of this process's environment. */
export function apiTarget(source: NodeJS.ProcessEnv = process.env): ApiTarget {
  const base = (source.CASEFLOW_API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = source.CASEFLOW_TOKEN?.trim();
  return { base, token: token === '' ? undefined : token };
}

/** One request: a path under the API, a method, and a JSON body or a text body with its type. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  text?: { body: string; type: string };
}

/** What came back: the status and the parsed JSON (or text) body; `ok` for 2xx. */
export interface ApiAnswer {
  ok: boolean;
  status: number;
  body: unknown;
}

/**
 * Sends one request. An unreachable API is said on stderr (naming the URL and the setting that points at
 * it) and answers undefined; any HTTP answer, refusals included, comes back for the command to explain.
 */
export async function callApi(
  io: CliIo,
  command: string,
  target: ApiTarget,
  request: ApiRequest,
): Promise<ApiAnswer | undefined> {
  const url = `${target.base}${request.path}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.text !== undefined) {
    headers['content-type'] = request.text.type;
    body = request.text.body;
  }
  try {
    const res = await fetch(url, { method: request.method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Not JSON: kept as text.
    }
    return { ok: res.ok, status: res.status, body: parsed };
  } catch (error) {
    const why =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    io.stderr(`caseflow ${command}: cannot reach ${url} (CASEFLOW_API_URL): ${why}\n`);
    return undefined;
  }
}

/**
 * A refusal as people read it: the problem's status, title and detail, then each field error
 * (`field: message`; a template's errors name `file:line:col` as their field), one per line.
 */
export function describeRefusal(answer: ApiAnswer): string {
  const problem = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as {
    title?: string;
    detail?: string;
    errors?: Array<{ field?: string; message?: string }>;
  };
  const head = `${answer.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim();
  const lines = (problem.errors ?? []).map((e) => `  ${e.field ? `${e.field}: ` : ''}${e.message ?? ''}`);
  if (answer.status === 401) lines.push('  set CASEFLOW_TOKEN to a bearer token the API accepts');
  return [head, ...lines].join('\n');
}
