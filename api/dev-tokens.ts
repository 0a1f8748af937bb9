/**
 * The shipped development principals (config/dev-auth.yaml) have public tokens — `dev-admin` and the like —
 * so they must never be reachable by accident: caseflow accepts them only on an API bound to loopback
 * (`npm start`, `npm run cluster`, tests), or where someone set CASEFLOW_DEV=1 on purpose, and says so
 * loudly either way. Anything else refuses to start. Production refuses the file whatever the binding.
 */
import type { AuthDirectory } from './auth';

const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return loopback.test(host);
}

/**
 * Throws when development tokens would be reachable from other machines without CASEFLOW_DEV=1; otherwise
 * answers the warning to log (undefined for a real principals file).
 */
export function guardDevelopmentTokens(
  auth: Pick<AuthDirectory, 'development'>,
  where: { host: string; port: number; dev: boolean },
): string | undefined {
  if (!auth.development) return undefined;
  if (isLoopback(where.host)) {
    return 'development tokens (config/dev-auth.yaml) accepted: this API listens on loopback only';
  }
  if (where.dev) {
    return (
      `CASEFLOW_DEV=1: the PUBLIC development tokens (dev-admin, …) are accepted on ${where.host}:${where.port}, ` +
      'by anyone who can reach it'
    );
  }
  throw new Error(
    `CASEFLOW_AUTH_FILE: unset, so the public development tokens would be accepted on ${where.host}:${where.port}, ` +
      'reachable from other machines; point CASEFLOW_AUTH_FILE at your principals file, listen on loopback ' +
      '(CASEFLOW_API_HOST=127.0.0.1), or set CASEFLOW_DEV=1 to accept them on purpose',
  );
}
