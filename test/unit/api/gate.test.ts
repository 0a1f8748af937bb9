/**
 * The route gate answers for paths the app does not serve, before anything else runs: 404 for an unknown
 * path, 405 with Allow for a known path and another method; it matches as express does (case-insensitive,
 * optional trailing slash, one segment per parameter).
 */
import express from 'express';
import request from 'supertest';
import { catalogOf, type CatalogEntry } from '../../../api/openapi/catalog';
import { routeGate } from '../../../api/openapi/gate';
import { problemHandler } from '../../../api/problem';

function app() {
  const a = express();
  let catalog: CatalogEntry[] | undefined;
  a.use(routeGate(() => (catalog ??= catalogOf(a))));
  const router = express.Router();
  router.get('/cases/:id', (req, res) => {
    res.json({ route: req.routeEntry?.template });
  });
  router.post('/cases/:id/messages', (_req, res) => {
    res.status(201).json({});
  });
  a.use(router);
  a.use(problemHandler(() => undefined));
  return a;
}

it('lets served routes through and tells the route which template matched', async () => {
  const res = await request(app()).get('/Cases/abc/');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ route: '/cases/{id}' });
});

it('answers 404 problem+json for an unknown path, including one segment too many', async () => {
  for (const path of ['/nothing', '/cases/a/b', '/cases']) {
    const res = await request(app()).get(path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  }
});

it('answers 405 with Allow for another method, and HEAD where GET is served', async () => {
  const res = await request(app()).delete('/cases/abc');
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe('GET');
  expect((await request(app()).head('/cases/abc')).status).toBe(200);
  expect((await request(app()).get('/cases/abc/messages')).headers.allow).toBe('POST');
});
