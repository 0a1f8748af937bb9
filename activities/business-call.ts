import { ApplicationFailure } from '@temporalio/activity';
import type { BusinessCallRequest, BusinessCallResult } from './types';

/**
 * One HTTP attempt against a business system. The step's retry policy (in the workflow) decides about
 * further attempts: 5xx, 429 and network errors are retryable; other 4xx answers will not get better.
 */
export async function callBusinessSystem(request: BusinessCallRequest): Promise<BusinessCallResult> {
  const headers: Record<string, string> = { 'idempotency-key': request.key, ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined && request.method !== 'GET') {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (err) {
    throw ApplicationFailure.retryable(
      `${request.method} ${request.url} failed: ${err instanceof Error ? err.message : String(err)}`,
      'BusinessCallUnreachable',
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (response.ok) return { status: response.status, body: parsed };
  const message = `${request.method} ${request.url} answered ${response.status}`;
  if (response.status >= 500 || response.status === 429) {
    throw ApplicationFailure.retryable(message, 'BusinessCallFailed', {
      status: response.status,
      body: parsed,
    });
  }
  throw ApplicationFailure.nonRetryable(message, 'BusinessCallRejected', {
    status: response.status,
    body: parsed,
  });
}
