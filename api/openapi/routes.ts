import { Router } from 'express';
import { z } from 'zod';
import { describe } from './describe';
import { swaggerUiRouter } from './swagger-ui';

/**
 * GET /openapi.json and GET /docs (Swagger UI, api/openapi/swagger-ui.ts), public: what the API accepts is
 * no secret, the data behind it is.
 */
export function openApiRouter(documentOf: () => Record<string, unknown>): Router {
  const router = Router();
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
  router.use(swaggerUiRouter());
  return router;
}
