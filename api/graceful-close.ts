import type { Server } from 'node:http';

/**
 * Closes an HTTP server gracefully: stop accepting, let requests in flight finish (their responses say
 * `Connection: close`, so keep-alive clients do not send another on the same socket), drop idle
 * connections at once, and after `graceMs` drop whatever is left so a stuck client cannot hold shutdown.
 */
export function gracefulCloser(server: Server, graceMs = 10_000): () => Promise<void> {
  let closing: Promise<void> | undefined;
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('connection', 'close');
  });
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      deadline.unref();
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
      // A response that finishes later leaves its keep-alive socket idle: close it as soon as it is.
      server.on('request', (_req, res) => res.once('finish', () => server.closeIdleConnections()));
    }));
}
