import { Router } from 'express';
import { z } from 'zod';
import {
  deleteBlocklistEntry,
  getBlocklistEntry,
  listBlocklist,
  putBlocklistEntry,
} from '../../db/blocklist';
import { noteAudit } from '../audit-trail';
import { actionRoles } from '../../access/policy';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { pageOf } from '../openapi/components';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { pageQuery } from '../schemas';
import { parse } from '../validate';

const customerParams = z.object({ customerId: z.string().trim().min(1).max(200) });
const entryBody = z.object({
  mode: z.enum(['refuse', 'flag']),
  reason: z.string().trim().min(1).max(2_000),
});

const entrySchema = z
  .looseObject({ customerId: z.string(), mode: z.enum(['refuse', 'flag']), reason: z.string() })
  .meta({ id: 'BlocklistEntry' });
const tags = ['blocklist'];
/** The customer id is the entry's id; the reason (free text) is never logged. */
const entryResource = (p: Record<string, string>) => `blocklist/${p.customerId ?? ''}`;
const listDoc = describe({
  summary: 'The intake blocklist',
  tags,
  roles: actionRoles['blocklist.list'],
  query: z.object(pageQuery),
  responses: { 200: { description: 'A page of entries', schema: pageOf(entrySchema, 'BlocklistPage') } },
  audit: { action: 'blocklist.list', resource: () => 'blocklist' },
});
const getDoc = describe({
  summary: 'One blocklist entry',
  tags,
  roles: actionRoles['blocklist.read'],
  params: customerParams,
  responses: { 200: { description: 'The entry', schema: entrySchema } },
  audit: { action: 'blocklist.read', resource: entryResource },
});
const putDoc = describe({
  summary: 'Refuse or flag a customer at intake',
  tags,
  roles: ['admin'],
  params: customerParams,
  body: { schema: entryBody },
  responses: {
    201: { description: 'Added', schema: entrySchema },
    200: { description: 'Changed', schema: entrySchema },
  },
  audit: { action: 'blocklist.put', resource: entryResource },
});
const deleteDoc = describe({
  summary: 'Remove a customer from the blocklist',
  tags,
  roles: ['admin'],
  params: customerParams,
  responses: { 204: { description: 'Removed' } },
  audit: { action: 'blocklist.delete', resource: entryResource },
});

/** The intake blocklist (SPEC §6): admins maintain it; auditors may read it. */
export function blocklistRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/blocklist', listDoc, async (req, res) => {
    authorise(req, 'blocklist.list');
    const { limit, offset } = parse(z.object(pageQuery), req, 'query');
    const page = await listBlocklist(ctx.pool, limit, offset);
    const next = offset + page.items.length;
    res.json({ ...page, ...(next < page.total ? { nextCursor: String(next) } : {}) });
  });

  router.get('/blocklist/:customerId', getDoc, async (req, res) => {
    authorise(req, 'blocklist.read');
    const { customerId } = parse(customerParams, req, 'params');
    const entry = await getBlocklistEntry(ctx.pool, customerId);
    if (!entry) throw new HttpProblem(404, 'Not Found', `Customer ${customerId} is not on the blocklist.`);
    res.json(entry);
  });

  router.put('/blocklist/:customerId', putDoc, async (req, res) => {
    const principal = authorise(req, 'blocklist.put');
    const { customerId } = parse(customerParams, req, 'params');
    const body = parse(entryBody, req, 'body');
    const { entry, created } = await putBlocklistEntry(ctx.pool, {
      customerId,
      ...body,
      updatedBy: principal.name,
    });
    noteAudit(req, { detail: { mode: body.mode, created } });
    res.status(created ? 201 : 200).json(entry);
  });

  router.delete('/blocklist/:customerId', deleteDoc, async (req, res) => {
    authorise(req, 'blocklist.delete');
    const { customerId } = parse(customerParams, req, 'params');
    if (!(await deleteBlocklistEntry(ctx.pool, customerId))) {
      throw new HttpProblem(404, 'Not Found', `Customer ${customerId} is not on the blocklist.`);
    }
    res.status(204).end();
  });

  return router;
}
