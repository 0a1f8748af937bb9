import { ApplicationFailure } from '@temporalio/activity';
import { describeCallAllow, isCallAllowed, LOOPBACK_ONLY, type CallAllowList } from '../config/call-allow';
import {
  CallSecrets,
  environmentSecrets,
  MissingSecretError,
  shownUrl,
  withQuery,
  type SecretSource,
} from './call-secrets';
import type { PersonalData } from '../privacy/personal-data';
import type { BusinessCallRequest, BusinessCallResult } from './types';

/** A call's answer is read up to this many bytes; a larger one fails the step (docs/security.md). */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/** Redirects followed at most, each checked against the allow-list like the first URL. */
export const MAX_REDIRECTS = 5;

export interface BusinessCallSettings {
  /** CASEFLOW_CALL_ALLOW (default: loopback only). */
  allow?: CallAllowList;
  /** Where `{ secret: NAME }` values come from (default: CASEFLOW_SECRET_<NAME> in the environment). */
  secrets?: SecretSource;
}

/** Headers that carry credentials: not sent on to another origin after a redirect (as browsers do). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One HTTP attempt against a business system. The step's retry policy (in the workflow) decides about
 * further attempts: 5xx, 429, timeouts and network errors are retryable; other 4xx answers, a host outside
 * CASEFLOW_CALL_ALLOW, too many redirects, an answer over MAX_ANSWER_BYTES and an unset secret will not get
 * better. No secret value reaches a failure message or the answer (CallSecrets.redact).
 */
export function createBusinessCall(
  settings: BusinessCallSettings = {},
  personalData?: Pick<PersonalData, 'reveal'>,
): (request: BusinessCallRequest) => Promise<BusinessCallResult> {
  const allow = settings.allow ?? LOOPBACK_ONLY;
  const source = settings.secrets ?? environmentSecrets;
  // The business system gets the customer's fields in the clear, as the template asks (docs/privacy.md);
  // failure messages, which land in the case's history, name the call as the workflow wrote it (sealed).
  return async (request) =>
    callOnce(
      personalData ? await personalData.reveal(request) : request,
      allow,
      new CallSecrets(source),
      request,
    );
}

async function callOnce(
  request: BusinessCallRequest,
  allow: CallAllowList,
  secrets: CallSecrets,
  asWritten: BusinessCallRequest,
): Promise<BusinessCallResult> {
  const what = `${asWritten.method} ${shownUrl(asWritten.url, asWritten.query)}`;
  const refuse = (reason: string, type: string, details?: unknown): ApplicationFailure =>
    ApplicationFailure.nonRetryable(
      secrets.redact(`${what}: ${reason}`),
      type,
      ...(details ? [details] : []),
    );

  let headers: Record<string, string>;
  let url: URL;
  try {
    headers = { 'idempotency-key': request.key, ...secrets.resolveAll(request.headers) };
    url = new URL(withQuery(request.url, request.query, (value) => secrets.resolve(value)));
  } catch (err) {
    if (err instanceof MissingSecretError) throw refuse(err.message, 'BusinessCallSecretMissing');
    throw refuse('not a valid URL', 'BusinessCallRejected');
  }
  const secretHeaders = Object.entries(request.headers)
    .filter(([, value]) => typeof value !== 'string')
    .map(([name]) => name.toLowerCase());
  if (Object.values(headers).some((value) => /[\r\n\0]/.test(value)))
    throw refuse(
      'a header value holds a line break or NUL (check the secrets it uses)',
      'BusinessCallRejected',
    );

  let method: string = request.method;
  let body: string | undefined;
  if (request.body !== undefined && request.method !== 'GET') {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  // One deadline for every hop and for reading the answer: redirects cannot stretch the step's timeout.
  const signal = AbortSignal.timeout(request.timeoutMs);
  for (let hop = 0; ; hop += 1) {
    const where = hop === 0 ? '' : ` (redirect ${hop} to ${url.origin}${url.pathname})`;
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw refuse(`${url.protocol} is not http or https${where}`, 'BusinessCallRefused');
    if (!isCallAllowed(allow, url.hostname))
      throw refuse(
        `host ${url.hostname} is not allowed${where}; call steps may reach ${describeCallAllow(allow)}`,
        'BusinessCallRefused',
      );
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
    } catch (err) {
      throw unreachable(err, request.timeoutMs, `${what}${where}`, secrets);
    }
    const location = response.headers.get('location');
    if (REDIRECTS.has(response.status) && location !== null) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`, 'BusinessCallRefused');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw refuse(`redirect ${hop + 1} to an invalid URL`, 'BusinessCallRefused');
      }
      // As fetch does: 303, and 301/302 after a POST, continue with GET and no body.
      if (response.status === 303 || (method === 'POST' && response.status <= 302)) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) {
        for (const name of Object.keys(headers)) {
          const lower = name.toLowerCase();
          if (CREDENTIAL_HEADERS.has(lower) || secretHeaders.includes(lower)) delete headers[name];
        }
      }
      url = next;
      continue;
    }
    let answer: { text: string; over: boolean };
    try {
      answer = await readCapped(response, MAX_ANSWER_BYTES);
    } catch (err) {
      throw unreachable(err, request.timeoutMs, `${what}${where}`, secrets);
    }
    const size = `${MAX_ANSWER_BYTES / 1024 / 1024} MiB`;
    if (response.ok && answer.over)
      throw refuse(
        `answered more than ${size}, the limit of a call's answer${where}`,
        'BusinessCallTooLarge',
        {
          status: response.status,
        },
      );
    const text = secrets.redact(answer.text);
    const parsed = answer.over ? `[answer over ${size}, not kept]` : parseAnswer(response, text);
    if (response.ok) return { status: response.status, body: parsed };
    const message = secrets.redact(`${what}${where} answered ${response.status}`);
    const details = { status: response.status, body: parsed };
    if (response.status >= 500 || response.status === 429)
      throw ApplicationFailure.retryable(message, 'BusinessCallFailed', details);
    throw ApplicationFailure.nonRetryable(message, 'BusinessCallRejected', details);
  }
}

function parseAnswer(response: Response, text: string): unknown {
  if (!(response.headers.get('content-type') ?? '').includes('json') || !text) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads the body up to `limit` bytes and stops there (the rest is never downloaded). */
async function readCapped(response: Response, limit: number): Promise<{ text: string; over: boolean }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    return { text: '', over: true };
  }
  if (!response.body) return { text: '', over: false };
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: '', over: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), over: false };
}

/** Network errors and the deadline: retryable, with the cause's code (ECONNREFUSED …), never its text. */
function unreachable(
  err: unknown,
  timeoutMs: number,
  what: string,
  secrets: CallSecrets,
): ApplicationFailure {
  // A DOMException (the deadline's reason) is not an Error in every realm: judged by its name.
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  if (timedOut)
    return ApplicationFailure.retryable(
      `${secrets.redact(what)} took longer than ${timeoutMs / 1000} s (the step's timeout, redirects and answer included)`,
      'BusinessCallTimedOut',
    );
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.retryable(
    secrets.redact(`${what} failed: ${message}${code}`),
    'BusinessCallUnreachable',
  );
}
