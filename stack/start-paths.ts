import { join } from 'node:path';
import { projectRoot } from '../config/paths';

/** The shipped development principals (refused when NODE_ENV=production). */
export const devAuthFile = join(projectRoot, 'config', 'dev-auth.yaml');
