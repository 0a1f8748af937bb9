import { Router } from 'express';
import { z } from 'zod';
import { describe } from './describe';
import { renderDocsPage } from './docs-page';

/** GET /openapi.json and GET /docs, public: what the API accepts is no secret, the data behind it is. */
export function openApiRouter(documentOf: () => Record<string, unknown>): Router {
  const router = Router();
  let page: string | undefined;
  router.get(
    '/openapi.json',
    describe({
      summary: 'This OpenAPI 3.1 document',
      tags: ['meta'],
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
    }),
    (_req, res) => {
      res.json(documentOf());
    },
  );
  router.get(
    '/docs',
    describe({
      summary: 'Browsable API documentation (HTML, self-contained)',
      tags: ['meta'],
      access: 'public',
      responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
    }),
    (_req, res) => {
      page ??= renderDocsPage(documentOf());
      res.type('html').send(page);
    },
  );
  return router;
}
