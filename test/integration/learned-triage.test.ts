/**
 * Learned triage end to end (issue 17, "Done when"): after people have routed a few hundred cases by hand,
 * a new case in the same words opened on the standard template v2 gets the department they chose, with its
 * reasons, and skips front-line triage; a case the model is unsure of keeps the rules and the triage task.
 * Real API, Temporal and PostgreSQL: the suggestion is scored by the worker's activity at intake, recorded
 * in the case's history (replay stays deterministic) and shown on GET /cases/{id}.
 */
import { insertTriageCorpus, triageCorpus, type CorpusCase } from '../../bench/triage-corpus';
import { templateFiles } from '../../db/publish-definitions';
import { latestTriageModel } from '../../db/triage-models';
import type { TriageModel } from '../../triage/model';
import { suggest } from '../../triage/suggest';
import { apiAs, eventually, useTestSystem } from '../support/system';

// Every shipped template, customer-issue v2 (learned triage) included: it is the default version here.
const system = useTestSystem({ files: templateFiles() });
const as = (token: string) => apiAs(system.url, token);

async function recordedTemplate() {
  const { rows } = await system.pool.query<{ sha256: string }>(
    `SELECT sha256 FROM templates WHERE name = 'customer-issue' AND version = 1`,
  );
  return { name: 'customer-issue', version: 1, sha256: rows[0]!.sha256 };
}

/** The first new case (a corpus of other words) the stored model scores as `wanted`. */
async function newCaseWhere(
  wanted: (s: { department: string; confidence: number }, c: CorpusCase) => boolean,
): Promise<CorpusCase> {
  const model = await latestTriageModel<TriageModel>(system.pool, 'customer-issue');
  const found = triageCorpus({ count: 300, seed: 41, prefix: 'NEW-', noise: 0 }).find((c) => {
    const scored = suggest(model!, c.subject, c.description);
    return 'suggestion' in scored && wanted(scored.suggestion, c);
  });
  if (!found) throw new Error('the generated cases hold none the model scores so');
  return found;
}

async function open(c: CorpusCase): Promise<Record<string, any>> {
  const opened = await as('dev-intake').post('/cases', {
    channel: 'web',
    customer: { id: `cu-learned-${c.id}` },
    subject: c.subject,
    description: c.description,
  });
  expect({ status: opened.status, body: opened.body }).toMatchObject({ status: 201 });
  return eventually(async () => {
    const view = await as('dev-admin').get(`/cases/${opened.body.id as string}`);
    return view.body?.tasks?.length ? (view.body as Record<string, any>) : undefined;
  }, 'the new case with its first task');
}

beforeAll(async () => {
  // A few hundred cases the front line routed by hand, as the projections record them.
  await insertTriageCorpus(
    system.pool,
    triageCorpus({ count: 800, seed: 40, prefix: 'ROUTED-' }),
    await recordedTemplate(),
  );
  const trained = await as('dev-admin').post('/triage/model', {});
  expect({ status: trained.status, suggests: trained.body.suggests }).toEqual({
    status: 200,
    suggests: true,
  });
});

it('routes a new case in the words people routed to their department, with its reasons, skipping triage', async () => {
  // A new case in words people routed to one of the departments (not the front line) in the recorded cases.
  const c = await newCaseWhere(
    (s, k) => s.confidence >= 0.85 && s.department === k.department && s.department !== 'frontline',
  );
  const view = await open(c);
  expect(view.template).toMatchObject({ name: 'customer-issue', version: 2 });
  expect(view.suggestion).toMatchObject({ department: c.department, used: true, model: expect.any(Number) });
  expect(view.suggestion.confidence).toBeGreaterThanOrEqual(0.85);
  expect(view.suggestion.because.length).toBeGreaterThan(0);
  expect(view.department).toBe(c.department);
  // No front-line triage: the department's own task is the first.
  expect(view.tasks.map((t: { step: string; department: string }) => [t.step, t.department])).toEqual([
    ['department-work', c.department],
  ]);
  const whats = (view.decisions as Array<{ what: string; why: string }>).map((d) => `${d.what} | ${d.why}`);
  expect(whats).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(`^suggested \\S+ → ${c.department} \\(\\d+%\\) \\| triage model v\\d+: because `),
      ),
      expect.stringMatching(
        new RegExp(`^classified as \\S+ → ${c.department} by suggestion \\| confidence \\d+% ≥ 85%`),
      ),
    ]),
  );
  // The suggestion is in the history: replay through today's code makes the same decisions.
  const replay = await as('dev-auditor').post(`/cases/${view.id as string}/replay`);
  expect({ status: replay.status, deterministic: replay.body.deterministic }).toEqual({
    status: 200,
    deterministic: true,
  });
});

it('keeps the rules and the triage task when the model is unsure, and says why', async () => {
  // Half one department's words, half another's: the model is torn between them.
  const model = await latestTriageModel<TriageModel>(system.pool, 'customer-issue');
  const cases = triageCorpus({ count: 200, seed: 42, prefix: 'MIX-', noise: 0 });
  const c = cases
    .flatMap((a) =>
      cases
        .filter((b) => b.department !== a.department)
        .map((b) => ({ ...a, description: `${a.description} ${b.description}` })),
    )
    .find((m) => {
      const scored = suggest(model!, m.subject, m.description);
      return 'suggestion' in scored && scored.suggestion.confidence < 0.85;
    });
  if (!c) throw new Error('no mixed case leaves the model unsure');
  const view = await open(c);
  expect(view.suggestion).toMatchObject({ used: false });
  expect(view.tasks.map((t: { step: string }) => t.step)).toEqual(['triage']);
  const notUsed = (view.decisions as Array<{ what: string; why: string }>).find(
    (d) => d.what === 'triage suggestion not used',
  );
  expect(notUsed?.why).toMatch(/^confidence \d+% < 85%: the rules route/);
});

it('a case with no words to go on gets no suggestion, says so, and is triaged as before', async () => {
  const view = await open({ id: 'blank', subject: '???', description: '', department: '', category: '' });
  expect(view.suggestion).toBeUndefined();
  const none = (view.decisions as Array<{ what: string; why: string }>).find(
    (d) => d.what === 'no triage suggestion',
  );
  expect(none?.why).toBe('no text to go on');
  expect(view.tasks.map((t: { step: string }) => t.step)).toEqual(['triage']);
});
