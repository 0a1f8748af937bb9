import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project root, whether this runs from source (ts-jest) or compiled under dist/. */
export const projectRoot = resolve(
  __dirname,
  existsSync(resolve(__dirname, '../package.json')) ? '..' : '../..',
);

/** Local state of `npm start` without external services: Temporal's SQLite file and the PGlite database. */
export const dataDir = join(projectRoot, '.data');

/** The shipped development principals (refused when NODE_ENV=production). */
export const devAuthFile = join(projectRoot, 'config', 'dev-auth.yaml');

/** The web console's build (Vite, from console/): served by the API at /console/. */
export const consoleDist = join(projectRoot, 'dist', 'console');
