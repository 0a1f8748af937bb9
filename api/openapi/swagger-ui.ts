/**
 * GET /docs: Swagger UI (the installed swagger-ui-dist package, its telemetry off by package.json's
 * scarfSettings) browsing /openapi.json. Everything is served from here — our small page, its stylesheet
 * and bundle from the package, and our initializer as a script file — so nothing is fetched from a CDN and
 * the API's Content-Security-Policy (no inline script) holds without an exception.
 */
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { HttpProblem } from '../problem';
import { sendStaticFile, staticFileAnswer } from '../static-file';
import { describe } from './describe';

/** The page: the package's stylesheet and bundle, then our initializer; no inline script. */
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>caseflow API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head><body>
<main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body></html>
`;

/**
 * Swagger UI on our document. No validator badge (it would send the document to validator.swagger.io);
 * "Try it out" works with a token given under Authorize, which stays in the page's memory only.
 */
const initializer = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
  });
});
`;

const packageFiles = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'text/javascript',
} as const;
const fileParams = z.object({ file: z.enum([...Object.keys(packageFiles), 'docs-init.js']) });

const tags = ['meta'];
const pageDoc = describe({
  summary: 'Browsable API documentation (Swagger UI on /openapi.json)',
  tags,
  access: 'public',
  responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
});
const assetDoc = describe({
  summary: "A file of the documentation page (Swagger UI's stylesheet and bundle, its initializer)",
  tags,
  access: 'public',
  params: fileParams,
  responses: { 200: staticFileAnswer },
  errors: [404],
});

/** The package's files change only with its version: kept a day. */
const cached = 'public, max-age=86400';

export function swaggerUiRouter(): Router {
  const router = Router();
  // Resolved at start, so a missing package fails loudly rather than at a reader's first visit.
  const dist = join(require.resolve('swagger-ui-dist/package.json'), '..');

  router.get('/docs', pageDoc, (_req, res) => {
    res.set('cache-control', 'no-cache').type('html').send(page);
  });
  router.get('/docs/:file', assetDoc, (req, res, next) => {
    const parsed = fileParams.safeParse(req.params);
    if (!parsed.success) return next(new HttpProblem(404, 'Not Found', `No documentation file ${req.path}.`));
    const file = parsed.data.file;
    if (file === 'docs-init.js') {
      res.set('cache-control', 'no-cache').type('text/javascript').send(initializer);
      return;
    }
    sendStaticFile(res, next, {
      path: join(dist, file),
      headers: { 'cache-control': cached, 'content-type': packageFiles[file as keyof typeof packageFiles] },
      notFound: `No documentation file ${req.path}.`,
    });
  });
  return router;
}
