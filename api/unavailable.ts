/**
 * Tells a failure of a dependency (Temporal or PostgreSQL unreachable, restarting, out of connections)
 * from a fault of caseflow's own. The first is the client's cue to retry — 503 with Retry-After — and
 * an expected part of running (a Temporal server restart, a database failover), not a bug to log as one.
 */

/**
 * gRPC status codes a Temporal client surfaces while the frontend is down, too slow to answer, or
 * overloaded: RESOURCE_EXHAUSTED is Temporal's "busy" (a workflow's query buffer full while it works, a
 * namespace rate limit, too many updates in flight) — the client retries it ten times, then gives up.
 */
const grpcUnavailable = new Set([
  14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */,
]);
/** grpc-js also answers RESOURCE_EXHAUSTED for a message over its size limit: no retry makes that fit. */
const tooLarge = /larger than max/i;

/** Node socket errors and PostgreSQL's SQLSTATEs for a server that is gone, going, or full. */
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** pg losing its connection, and its pool's connection timeout passing with every connection busy. */
const connectionLost =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/;
const postgresStates = /^(08...|57P0[123]|53300)$/; // connection exception, admin/crash shutdown, too many clients

export function isDependencyUnavailable(err: unknown): boolean {
  for (let cause = err, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const { code, name } = cause as Error & { code?: unknown };
    if (typeof code === 'number' && grpcUnavailable.has(code)) return !tooLarge.test(cause.message);
    if (typeof code === 'string' && (connectionCodes.has(code) || postgresStates.test(code))) return true;
    if (name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
    if (connectionLost.test(cause.message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
