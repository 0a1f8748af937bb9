/**
 * The embedded database of `npm start` when DATABASE_URL is unset: PGlite (PostgreSQL compiled to WASM)
 * persisted under `.data/pglite`, served on a loopback socket so the very same `pg` code runs against it.
 * PGlite is single-connection: callers use a pool of one, in one process.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

export async function startEmbeddedPostgres(dir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const port = listeningPort(server);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

function listeningPort(server: PGLiteSocketServer): number {
  // getServerConn() returns "host:port" once listening.
  const conn = server.getServerConn();
  const port = Number(conn.split(':').pop());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server gave no port (${conn})`);
  return port;
}
