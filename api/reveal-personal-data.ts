import type { RequestHandler, Response } from 'express';
import type { PersonalData } from '../privacy/personal-data';
import { isDependencyUnavailable } from './unavailable';

/**
 * Reveals personal data in every JSON answer after authentication (docs/privacy.md): the projections, the
 * workflow's state and its history hold a customer's key and sealed tokens, and a reader allowed to see
 * the case gets the customer's id, name, phone and e-mail back — or "[erased]" once they are erased.
 *
 * Mounted before the idempotency store, so what is stored for a retry is the sealed answer (an erasure
 * reaches it too) and a replayed answer is revealed as it is sent. Answers without tokens or customer keys
 * go out as they are, without a query, and so do those whose handler set `res.locals.keepCustomerKeys`.
 */
export function revealPersonalData(personalData: PersonalData): RequestHandler {
  return (req, res, next) => {
    const send = res.json.bind(res) as Response['json'];
    res.json = (body: unknown) => {
      // An answer about a customer's key itself (the erasure's: `customer` is the key on purpose, and the
      // id it would reveal is forgotten) goes out as it is; the route says so (keepCustomerKeys).
      if (res.locals.keepCustomerKeys === true) return send(body);
      personalData.reveal(body).then(
        (revealed) => send(revealed),
        (err: unknown) => {
          req.log.error({ err }, 'personal data could not be revealed');
          const unavailable = isDependencyUnavailable(err);
          res.status(unavailable ? 503 : 500).type('application/problem+json');
          if (unavailable) res.setHeader('Retry-After', '1');
          send({
            type: 'about:blank',
            title: unavailable ? 'Service Unavailable' : 'Internal Server Error',
            status: unavailable ? 503 : 500,
            detail: unavailable
              ? 'The customer keys could not be read; retry shortly.'
              : 'The answer could not be prepared.',
          });
        },
      );
      return res;
    };
    next();
  };
}
