/**
 * The service reports (SPEC §8, docs/reports.md) on hand-built projection rows whose right answers are
 * worked out below, through the real API and PostgreSQL. Times are in hours (H) of business time.
 */
import { apiAs, eventually, useTestSystem } from '../support/system';

const system = useTestSystem();
const H = 3_600_000;
const march = 'from=2026-03-01&to=2026-04-01';

interface CaseRow {
  id: string;
  department: string;
  priority: string;
  category: string;
  version?: number;
  status: string;
  created: string;
  respMs?: number;
  respMet?: boolean;
  respDue?: string;
  resMs?: number;
  resMet?: boolean;
  resDue?: string;
  resolved?: boolean;
  reopens?: number;
  escalations?: number;
  fcr?: boolean;
  surveySent?: boolean;
  scores?: Record<string, unknown>;
}

async function insertCase(r: CaseRow): Promise<void> {
  await system.pool.query(
    `INSERT INTO cases (id, workflow_id, template_name, template_version, template_sha256, status, channel,
       customer_id, category, department, priority, view, revision, created_at, updated_at,
       response_business_ms, response_met, response_due_at, resolution_business_ms, resolution_met,
       resolution_due_at, resolved_at, reopen_count, escalation_count, first_contact_resolution,
       survey_sent_at, survey_answered_at, survey_scores)
     VALUES ($1, 'case-' || $1, 'customer-issue', $2, 'x', $3, 'web', 'cu-' || $1, $4, $5, $6, '{}', 1, $7, $7,
       $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [
      r.id,
      r.version ?? 1,
      r.status,
      r.category,
      r.department,
      r.priority,
      r.created,
      r.respMs ?? null,
      r.respMet ?? null,
      r.respDue ?? null,
      r.resMs ?? null,
      r.resMet ?? null,
      r.resDue ?? null,
      r.resolved ? r.created : null,
      r.reopens ?? 0,
      r.escalations ?? 0,
      r.fcr ?? false,
      r.surveySent ? r.created : null,
      r.scores ? r.created : null,
      r.scores ? JSON.stringify(r.scores) : null,
    ],
  );
}

async function insertTask(
  id: string,
  caseId: string,
  department: string,
  status: string,
  created: string,
  updated: string,
  assignee?: string,
): Promise<void> {
  await system.pool.query(
    `INSERT INTO tasks (id, case_id, department, step, title, status, assignee, view, revision, created_at, updated_at)
     VALUES ($1, $2, $3, 'triage', 'Triage', $4, $5, '{}', 1, $6, $7)`,
    [id, caseId, department, status, assignee ?? null, created, updated],
  );
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  const rows: CaseRow[] = [
    // c1: resolved at first contact within both targets; survey answered 5/4/5.
    {
      id: 'c1',
      department: 'frontline',
      priority: 'P3',
      category: 'consulting',
      status: 'resolved',
      created: '2026-03-02T09:00:00Z',
      respMs: 1 * H,
      respMet: true,
      resMs: 5 * H,
      resMet: true,
      resolved: true,
      fcr: true,
      surveySent: true,
      scores: { speed: 5, ability: 4, attitude: 5 },
    },
    // c2: resolved late after one reopening; survey answered 2/3/4 with a comment.
    {
      id: 'c2',
      department: 'frontline',
      priority: 'P3',
      category: 'technical',
      status: 'resolved',
      created: '2026-03-03T09:00:00Z',
      respMs: 2 * H,
      respMet: true,
      resMs: 30 * H,
      resMet: false,
      resolved: true,
      reopens: 1,
      surveySent: true,
      scores: { speed: 2, ability: 3, attitude: 4, comment: 'slow' },
    },
    // c3: first response late; still open and past its resolution due instant; two escalations.
    {
      id: 'c3',
      department: 'technical',
      priority: 'P2',
      category: 'technical',
      status: 'open',
      created: '2026-03-05T09:00:00Z',
      respMs: 3 * H,
      respMet: false,
      resDue: '2026-03-10T09:00:00Z',
      escalations: 2,
    },
    // c4: responded in time, waiting for the customer (resolution clock paused: not due); template v2.
    {
      id: 'c4',
      department: 'technical',
      priority: 'P2',
      category: 'technical',
      version: 2,
      status: 'waiting',
      created: '2026-03-20T09:00:00Z',
      respMs: 0.5 * H,
      respMet: true,
      escalations: 1,
    },
    // c5: resolved at first contact; survey sent, not answered.
    {
      id: 'c5',
      department: 'billing',
      priority: 'P4',
      category: 'billing',
      status: 'resolved',
      created: '2026-03-06T09:00:00Z',
      respMs: 4 * H,
      respMet: true,
      resMs: 20 * H,
      resMet: true,
      resolved: true,
      fcr: true,
      surveySent: true,
    },
    // c6: open, nothing due yet (both due instants far ahead).
    {
      id: 'c6',
      department: 'billing',
      priority: 'P4',
      category: 'billing',
      status: 'open',
      created: '2026-03-31T23:00:00Z',
      respDue: '2099-01-01T00:00:00Z',
      resDue: '2099-01-01T00:00:00Z',
    },
    // Outside the range (before it, and exactly at its exclusive end): counted nowhere.
    {
      id: 'c7',
      department: 'frontline',
      priority: 'P1',
      category: 'other',
      status: 'open',
      created: '2026-02-15T09:00:00Z',
      respMs: 1 * H,
      respMet: false,
    },
    {
      id: 'c8',
      department: 'frontline',
      priority: 'P1',
      category: 'other',
      status: 'open',
      created: '2026-04-01T00:00:00Z',
      respMs: 1 * H,
      respMet: false,
    },
    // Backlog ages, measured now: one per bucket, and a resolved one that is not backlog.
    {
      id: 'b1',
      department: 'frontline',
      priority: 'P4',
      category: 'other',
      status: 'open',
      created: ago(0.5 * H),
    },
    {
      id: 'b2',
      department: 'frontline',
      priority: 'P4',
      category: 'other',
      status: 'waiting',
      created: ago(2 * H),
    },
    {
      id: 'b3',
      department: 'technical',
      priority: 'P3',
      category: 'other',
      status: 'open',
      created: ago(10 * H),
    },
    {
      id: 'b4',
      department: 'technical',
      priority: 'P3',
      category: 'other',
      status: 'open',
      created: ago(48 * H),
    },
    {
      id: 'b5',
      department: 'technical',
      priority: 'P3',
      category: 'other',
      status: 'open',
      created: ago(120 * H),
    },
    {
      id: 'b6',
      department: 'technical',
      priority: 'P3',
      category: 'other',
      status: 'open',
      created: ago(480 * H),
    },
    {
      id: 'b7',
      department: 'technical',
      priority: 'P3',
      category: 'other',
      status: 'resolved',
      created: ago(1 * H),
      resolved: true,
    },
  ];
  for (const row of rows) await insertCase(row);
  const at = (day: string, hour: number) => `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00Z`;
  await insertTask('t1', 'c1', 'frontline', 'completed', at('02', 9), at('02', 10), 'anna'); // 1H
  await insertTask('t2', 'c2', 'frontline', 'completed', at('03', 9), at('03', 12), 'anna'); // 3H
  await insertTask('t3', 'c2', 'quality', 'completed', at('04', 9), '2026-03-04T09:30:00Z', 'quinn'); // 0.5H
  await insertTask('t4', 'c3', 'technical', 'claimed', at('05', 9), at('05', 10), 'tom');
  await insertTask('t5', 'c4', 'technical', 'open', at('20', 9), at('20', 9));
  await insertTask('t6', 'c5', 'billing', 'completed', at('06', 9), at('06', 11), 'bill'); // 2H
  await insertTask('t7', 'c6', 'billing', 'open', at('31', 23), at('31', 23));
  await insertTask('t8', 'c3', 'frontline', 'cancelled', at('05', 9), at('05', 9));
  await insertTask(
    't9',
    'c7',
    'frontline',
    'completed',
    '2026-02-15T09:00:00Z',
    '2026-02-15T10:00:00Z',
    'anna',
  );
});

const admin = () => apiAs(system.url, 'dev-admin');
/** A report's groups by name (rows are loose JSON from the API). */
const byGroup = (groups: Array<Record<string, any>>): Record<string, any> =>
  Object.fromEntries(groups.map((g) => [g.group, g]));

describe('GET /reports/sla', () => {
  it('computes every figure over all cases created in the range', async () => {
    const res = await admin().get(`/reports/sla?${march}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ report: 'sla', groupBy: 'none', from: '2026-03-01T00:00:00.000Z' });
    const [all] = res.body.groups;
    expect(all).toMatchObject({
      group: 'all',
      cases: 6, // c1…c6; c7 before the range, c8 at its exclusive end
      responseDue: 5, // c1 c2 c3 c4 c5 decided; c6 due in 2099
      responseMet: 4, // c3 late
      responseCompliance: 0.8,
      resolutionDue: 4, // c1 c2 c5 decided; c3 past its due instant; c4 paused; c6 not yet
      resolutionMet: 2, // c1 c5
      resolutionCompliance: 0.5,
      resolved: 3, // c1 c2 c5
      reopened: 1, // c2
      firstContactResolved: 2, // c1 c5
      escalations: 3, // c3 2 + c4 1
    });
    // First response 0.5 1 2 3 4 H: mean 10.5/5 = 2.1 H; p90 at rank 0.9×4 = 3.6 → 3 + 0.6×(4−3) = 3.6 H.
    expect(all.meanFirstResponseMs).toBeCloseTo(2.1 * H, 3);
    expect(all.p90FirstResponseMs).toBeCloseTo(3.6 * H, 3);
    // Resolution 5 20 30 H: mean 55/3 H; p90 at rank 0.9×2 = 1.8 → 20 + 0.8×(30−20) = 28 H.
    expect(all.meanResolutionMs).toBeCloseTo((55 / 3) * H, 3);
    expect(all.p90ResolutionMs).toBeCloseTo(28 * H, 3);
    expect(all.reopenRate).toBeCloseTo(1 / 3, 6); // 1 reopened of 3 ever resolved
    expect(all.firstContactResolutionRate).toBeCloseTo(2 / 3, 6); // 2 of 3 resolved
  });

  it('groups by department, priority, category and template version', async () => {
    const dept = byGroup((await admin().get(`/reports/sla?groupBy=department&${march}`)).body.groups);
    expect(Object.keys(dept)).toEqual(['billing', 'frontline', 'technical']);
    expect(dept.frontline).toMatchObject({
      cases: 2,
      responseCompliance: 1,
      resolutionCompliance: 0.5,
      reopenRate: 0.5,
    });
    expect(dept.frontline.p90FirstResponseMs).toBeCloseTo(1.9 * H, 3); // 1 + 0.9×(2−1)
    expect(dept.technical).toMatchObject({
      responseDue: 2,
      responseCompliance: 0.5,
      resolutionDue: 1,
      resolutionCompliance: 0,
      escalations: 3,
      reopenRate: null,
      firstContactResolutionRate: null,
    });
    expect(dept.technical.meanFirstResponseMs).toBeCloseTo(1.75 * H, 3);
    expect(dept.billing).toMatchObject({
      cases: 2,
      responseDue: 1,
      resolutionDue: 1,
      firstContactResolutionRate: 1,
    });
    const priority = byGroup((await admin().get(`/reports/sla?groupBy=priority&${march}`)).body.groups);
    expect(Object.keys(priority)).toEqual(['P2', 'P3', 'P4']);
    const category = byGroup((await admin().get(`/reports/sla?groupBy=category&${march}`)).body.groups);
    expect(category.technical.cases).toBe(3);
    const template = byGroup((await admin().get(`/reports/sla?groupBy=template&${march}`)).body.groups);
    expect(template).toMatchObject({
      'customer-issue v1': { cases: 5 },
      'customer-issue v2': { cases: 1, responseCompliance: 1 },
    });
  });

  it('answers CSV, one line per group with the same figures', async () => {
    const res = await apiAs(system.url, 'dev-auditor').raw(
      'GET',
      `/reports/sla?groupBy=department&${march}`,
      undefined,
      { accept: 'text/csv' },
    );
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = (res.body as string).trim().split('\r\n');
    expect(header).toMatch(/^group,cases,responseDue,responseMet,responseCompliance,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^frontline,2,2,2,1,2,1,0\.5,/);
  });
});

describe('GET /reports/backlog', () => {
  it('counts open and waiting cases by age now', async () => {
    const res = await admin().get(
      `/reports/backlog?from=${ago(30 * 24 * H)}&to=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(res.status).toBe(200);
    const [all] = res.body.groups;
    expect(all).toMatchObject({
      group: 'all',
      open: 5,
      waiting: 1,
      total: 6, // b7 is resolved
      buckets: { under1h: 1, '1to4h': 1, '4to24h': 1, '1to3d': 1, '3to7d': 1, over7d: 1 },
    });
    expect(all.oldestAgeMs).toBeGreaterThanOrEqual(480 * H);
    expect(all.oldestAgeMs).toBeLessThan(480 * H + 5 * 60_000);
    const march1 = byGroup((await admin().get(`/reports/backlog?groupBy=department&${march}`)).body.groups);
    expect(march1).toMatchObject({
      technical: { open: 1, waiting: 1, total: 2 },
      billing: { open: 1, total: 1 },
    });
    expect(march1.frontline).toBeUndefined();
  });
});

describe('GET /reports/satisfaction', () => {
  it('gives the response rate and the mean score per question', async () => {
    const [all] = (await admin().get(`/reports/satisfaction?${march}`)).body.groups;
    expect(all).toMatchObject({
      cases: 6,
      surveysSent: 3,
      surveysAnswered: 2,
      answersPerQuestion: { speed: 2, ability: 2, attitude: 2 },
    });
    expect(all.responseRate).toBeCloseTo(2 / 3, 6);
    expect(all.meanScores).toEqual({ ability: 3.5, attitude: 4.5, speed: 3.5 }); // (4+3)/2, (5+4)/2, (5+2)/2
    const priority = byGroup(
      (await admin().get(`/reports/satisfaction?groupBy=priority&${march}`)).body.groups,
    );
    expect(priority).toMatchObject({
      P2: { surveysSent: 0, responseRate: null, meanScores: {} },
      P3: { surveysSent: 2, surveysAnswered: 2, responseRate: 1 },
      P4: { surveysSent: 1, surveysAnswered: 0, responseRate: 0, meanScores: {} },
    });
  });
});

describe('GET /reports/workload', () => {
  it('counts tasks per department and per agent, with the mean handling time', async () => {
    const dept = byGroup((await admin().get(`/reports/workload?${march}`)).body.groups);
    expect(dept).toEqual({
      billing: {
        group: 'billing',
        tasks: 2,
        open: 1,
        claimed: 0,
        completed: 1,
        cancelled: 0,
        meanHandlingMs: 2 * H,
      },
      frontline: {
        group: 'frontline',
        tasks: 3,
        open: 0,
        claimed: 0,
        completed: 2,
        cancelled: 1,
        meanHandlingMs: 2 * H,
      },
      quality: {
        group: 'quality',
        tasks: 1,
        open: 0,
        claimed: 0,
        completed: 1,
        cancelled: 0,
        meanHandlingMs: 0.5 * H,
      },
      technical: {
        group: 'technical',
        tasks: 2,
        open: 1,
        claimed: 1,
        completed: 0,
        cancelled: 0,
        meanHandlingMs: null,
      },
    });
    const agent = byGroup((await admin().get(`/reports/workload?groupBy=agent&${march}`)).body.groups);
    expect(agent).toMatchObject({
      anna: { tasks: 2, completed: 2, meanHandlingMs: 2 * H }, // t9 is in February
      bill: { tasks: 1, completed: 1 },
      quinn: { tasks: 1, meanHandlingMs: 0.5 * H },
      tom: { tasks: 1, claimed: 1 },
      '(unassigned)': { tasks: 3, open: 2, cancelled: 1 },
    });
  });
});

describe('access, input and the audit log', () => {
  it('is for admins and auditors, checks its query, and logs every read', async () => {
    expect((await apiAs(system.url, 'dev-intake').get('/reports/sla')).status).toBe(403);
    expect((await apiAs(system.url, 'dev-frontline').get('/reports/workload')).status).toBe(403);
    const bad = await admin().get('/reports/sla?groupBy=colour&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['query.groupBy', 'query.from']),
    );
    expect((await admin().get('/reports/sla?from=2026-04-01&to=2026-03-01')).status).toBe(400);
    const log = await system.pool.query(
      `SELECT principal, action, detail FROM audit_log WHERE resource = 'reports/sla' ORDER BY id`,
    );
    expect(log.rows.length).toBeGreaterThanOrEqual(6);
    expect(log.rows).toContainEqual(
      expect.objectContaining({
        principal: 'auditor',
        action: 'report.sla',
        detail: expect.objectContaining({ groupBy: 'department', format: 'csv' }),
      }),
    );
  });
});

describe('measures written by the projection', () => {
  it('records first response, resolution and first-contact resolution of a real case', async () => {
    const intake = apiAs(system.url, 'dev-intake');
    const opened = await intake.post('/cases', {
      channel: 'web',
      customer: { id: `cu-reports-${Date.now()}` },
      subject: 'How do I change my delivery address?',
      description: 'question',
    });
    expect(opened.status).toBe(201);
    const task = await eventually(async () => {
      const view = await admin().get(`/cases/${opened.body.id}`);
      return view.body.tasks?.find((t: { step: string }) => t.step === 'triage');
    }, 'the triage task');
    const frontline = apiAs(system.url, 'dev-frontline');
    expect(
      (
        await frontline.post(`/tasks/${task.id}/complete`, {
          outcome: 'resolved',
          form: { resolution: 'explained' },
        })
      ).status,
    ).toBe(200);
    const row = await eventually(async () => {
      const res = await system.pool.query(
        `SELECT * FROM cases WHERE id = $1 AND survey_sent_at IS NOT NULL`,
        [opened.body.id],
      );
      return res.rows[0] as Record<string, unknown> | undefined;
    }, 'the measures');
    expect(row).toMatchObject({
      first_contact_resolution: true,
      reopen_count: 0,
      handoff_count: 0,
      response_met: true,
      resolution_met: true,
    });
    expect(row.first_response_at).toBeInstanceOf(Date);
    expect(row.resolved_at).toBeInstanceOf(Date);
    expect(Number(row.response_target_ms)).toBeGreaterThan(0); // from the published plan's SLA
  });
});
