import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth';
import { describe } from '../openapi/describe';

const meDoc = describe({
  summary: 'Who this token belongs to: name, roles, departments and the departments it leads',
  description:
    'Any valid bearer token may ask. The web console signs in with it, and shows only what these roles ' +
    'allow; the API still decides every call.',
  tags: ['meta'],
  responses: {
    200: {
      description: 'The principal',
      schema: z.object({
        name: z.string(),
        roles: z.array(z.string()),
        departments: z.array(z.string()),
        leads: z.array(z.string()),
      }),
    },
  },
});

/** GET /me: the signed-in principal, as the auth file names it (never its token or digest). */
export function meRouter(): Router {
  const router = Router();
  router.get('/me', meDoc, (req, res) => {
    const { name, roles, departments, leads } = principalOf(req);
    res.json({ name, roles, departments, leads });
  });
  return router;
}
