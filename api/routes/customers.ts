import { Router } from 'express';
import { z } from 'zod';
import { actionRoles } from '../../access/policy';
import { customerErasureSchema, eraseCustomerBodySchema } from '../../contract/customer-erasure';
import { eraseCustomer, OpenCasesRefusal } from '../../customers/erase-customer';
import { noteAudit } from '../audit-trail';
import { authorise } from '../auth';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { parse } from '../validate';

/**
 * Customer routes (issue 16, docs/privacy.md): erasure. The audit entry names the customer by their
 * opaque key (`customer/ck_…`), never by the id in the path: the audit log is append-only, and the id
 * would outlive the erasure there. Until the handler knows the key (a refused body, an unknown id) the
 * entry's resource is `customers`.
 */
const tags = ['customers'];
const customerParams = z.object({ id: z.string().trim().min(1).max(200) });

const eraseDoc = describe({
  summary: "Erase a customer's personal data everywhere (SPEC §11)",
  description:
    "Destroys the customer's data key and forgets their id: their name, phone and e-mail, sealed with that " +
    'key wherever caseflow keeps them (Temporal histories and backups included), no longer open, and their ' +
    "cases' projections are scrubbed. Case ids, timings, categories and figures stay; GET /cases/{id} shows " +
    '"[erased]" for the personal fields. A customer with open cases is refused (409, `openCases` names ' +
    'them) unless `cancelOpen` cancels them first. The id is forgotten, so a second erasure is 404. ' +
    'See docs/privacy.md, "Erasure".',
  tags,
  roles: actionRoles['customer.erase'],
  params: customerParams,
  body: { schema: eraseCustomerBodySchema },
  responses: {
    200: { description: "The customer's key and their cases, now erased", schema: customerErasureSchema },
  },
  errors: [404, 409],
  audit: { action: 'customer.erase', resource: () => 'customers' },
});

export function customersRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/customers/:id/erase', eraseDoc, async (req, res) => {
    const principal = authorise(req, 'customer.erase');
    const { id } = parse(customerParams, req, 'params');
    const body = parse(eraseCustomerBodySchema, req, 'body');
    // The reason names the request (GDPR art. 17, a ticket), not the person: the contract asks for that.
    noteAudit(req, { detail: { reason: body.reason, cancelOpen: body.cancelOpen === true } });
    try {
      const erasure = await eraseCustomer(ctx, {
        principal,
        customerId: id,
        reason: body.reason,
        cancelOpen: body.cancelOpen,
        onCustomer: (key) => noteAudit(req, { resource: `customer/${key}` }),
      });
      noteAudit(req, {
        detail: {
          cases: erasure.cases.map((c) => c.id),
          cancelled: erasure.cases.filter((c) => c.cancelled).length,
        },
      });
      // `customer` is the key on purpose: revealing it would only say "[erased]".
      res.locals.keepCustomerKeys = true;
      res.json(erasure);
    } catch (err) {
      if (err instanceof OpenCasesRefusal) {
        noteAudit(req, { detail: { openCases: err.openCases } });
        throw new HttpProblem(409, 'Conflict', err.message, { members: { openCases: err.openCases } });
      }
      throw err;
    }
  });

  return router;
}
