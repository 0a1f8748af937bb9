/**
 * The web console (issue 14, SPEC §10): the built single-page app (console/, built by Vite into
 * dist/console) served at /console/, and `/` sent there. The files are public, as a login page is: what the
 * console shows comes through the API with the signed-in token, so serving it gives nobody any data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { consoleDist } from '../../config/paths';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { sendStaticFile, staticFileAnswer } from '../static-file';

const html = { description: 'HTML', contentType: 'text/html', schema: z.string() };
const tags = ['console'];
/** Express's redirect answers a line of text saying where to (`Found. Redirecting to /console/`). */
const redirectBody = { contentType: 'text/plain', schema: z.string() };
const rootDoc = describe({
  summary: 'Redirects to the web console',
  tags,
  access: 'public',
  responses: { 302: { description: 'To /console/', ...redirectBody } },
});
const pageDoc = describe({
  summary: 'The web console: inbox, tasks, cases, templates, reports (sign-in with a bearer token)',
  tags,
  access: 'public',
  responses: { 200: html, 301: { description: 'From /console to /console/', ...redirectBody } },
  errors: [503],
});
const fileParams = z.object({ file: z.string().regex(/^[\w.-]+$/) });
const assetDoc = describe({
  summary: "A file of the web console's build (script, style, font)",
  tags,
  access: 'public',
  params: fileParams,
  responses: { 200: staticFileAnswer },
  errors: [404],
});

/** Served as-is for a year: Vite names each asset by a hash of its content, so a new build is a new name. */
const immutable = 'public, max-age=31536000, immutable';

export function consoleRouter(root = consoleDist): Router {
  const router = Router();
  // Read at every visit (a 1 kB file): a rebuild of the console is served at once, and the page never names
  // assets that a rebuild has removed.
  const page = (res: Response) => {
    let index: string;
    try {
      index = readFileSync(join(root, 'index.html'), 'utf8');
    } catch {
      throw new HttpProblem(
        503,
        'Service Unavailable',
        'The web console is not built: run `npm run build:console` (npm start and npm test build it).',
      );
    }
    res.set('cache-control', 'no-cache').type('html').send(index);
  };

  router.get('/', rootDoc, (_req, res) => res.redirect(302, '/console/'));
  // One route for `/console` and `/console/` (express matches both): the page wants the trailing slash, so
  // that its relative links resolve under it.
  router.get('/console', pageDoc, (req, res) => {
    if (req.path.endsWith('/')) page(res);
    else res.redirect(301, '/console/');
  });
  router.get('/console/assets/:file', assetDoc, (req, res, next) => {
    const parsed = fileParams.safeParse(req.params);
    if (!parsed.success) return next(new HttpProblem(404, 'Not Found', `No console file ${req.path}.`));
    sendStaticFile(res, next, {
      path: join(root, 'assets', parsed.data.file),
      headers: { 'cache-control': immutable },
      notFound: `No console file ${req.path}.`,
    });
  });
  return router;
}
