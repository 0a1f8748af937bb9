import type { Server, ServerResponse } from 'node:http';

/**
 * Closes an HTTP server gracefully: stop accepting, let requests in flight finish (their responses say
 * `Connection: close`, so keep-alive clients do not send another on the same socket), drop idle
 * connections at once, and after `graceMs` drop whatever is left so a stuck client cannot hold shutdown.
 */
export function gracefulCloser(server: Server, graceMs = 10_000): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (closing) res.setHeader('connection', 'close');
    // A response that finishes after close began leaves its socket idle: close it as soon as it is.
    res.once('finish', () => {
      if (closing) server.closeIdleConnections();
    });
  });
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      deadline.unref();
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    }));
}
