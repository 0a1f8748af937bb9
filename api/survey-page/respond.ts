/**
 * How the survey route answers a browser (issue 14): whether a request wants the page, the answers of a
 * posted form, and the kind page (with the right status) for any failure — a browser never gets a stack
 * trace or a problem+json document. API clients are told apart by content negotiation with JSON first, so
 * one that sends no Accept header keeps getting JSON.
 */
import type { Request } from 'express';
import { CaseError } from '../../cases/case-error';
import { earlierSurvey, surveyRefusals } from '../../cases/survey';
import { HttpProblem } from '../problem';
import { isDependencyUnavailable } from '../unavailable';
import type { RefusalKind } from './words';

export const formType = 'application/x-www-form-urlencoded';

/**
 * A browser: it prefers HTML to JSON (a browser's form post says so in Accept). Decided by Accept alone, JSON
 * first, so that a client without Accept — whatever body it sends — keeps problem+json, as every API
 * answer promises.
 */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

/**
 * A posted form as survey answers: each score as the integer it names, the comment as text (left out when
 * empty). Anything else stays as sent, for the case to refuse as it refuses it in JSON.
 */
export function formAnswers(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'comment') {
      if (typeof value === 'string' && value.trim() !== '') out.comment = value;
    } else {
      out[name] = typeof value === 'string' && /^-?\d{1,6}$/.test(value) ? Number(value) : value;
    }
  }
  return out;
}

/** The choices of a refused form, to show them again. */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>))
    if (typeof value === 'string') out[name] = value;
  return out;
}

/** What a failed answer or read shows a browser: which kind page, with which status. */
export function refusalOf(err: unknown): { kind: RefusalKind; status: number; unexpected: boolean } {
  if (err instanceof CaseError) {
    switch (err.kind) {
      case 'forbidden':
        if (err.message === surveyRefusals.expired)
          return { kind: 'expired', status: 403, unexpected: false };
        if (err.message.toLowerCase() === earlierSurvey.toLowerCase() || /earlier survey/i.test(err.message))
          return { kind: 'earlier', status: 403, unexpected: false };
        return { kind: 'invalid', status: 403, unexpected: false };
      case 'conflict':
        return { kind: 'answered', status: 409, unexpected: false };
      case 'not-found':
        return { kind: 'gone', status: 404, unexpected: false };
      case 'unavailable':
        return { kind: 'trouble', status: 503, unexpected: false };
      case 'invalid':
        return { kind: 'invalid', status: 422, unexpected: false };
      case 'malformed':
        return { kind: 'invalid', status: 400, unexpected: false };
    }
  }
  if (err instanceof HttpProblem) {
    if (err.status === 413) return { kind: 'tooLong', status: 413, unexpected: false };
    if (err.status < 500) return { kind: 'invalid', status: err.status, unexpected: false };
    return { kind: 'trouble', status: err.status, unexpected: false };
  }
  if (isDependencyUnavailable(err)) return { kind: 'trouble', status: 503, unexpected: false };
  const status = (err as { status?: unknown } | null)?.status;
  if ((err as { type?: unknown } | null)?.type === 'entity.too.large')
    return { kind: 'tooLong', status: 413, unexpected: false };
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { kind: 'invalid', status, unexpected: false };
  return { kind: 'trouble', status: 500, unexpected: true };
}
