/**
 * What a scrubbed case view keeps and loses (db/case-scrub.ts, docs/privacy.md): erasure and retention
 * show it to readers of the live case and write it over late projections, so it must take every text the
 * customer wrote — the decisions quoting a message or a repeat contact's subject included — and keep the
 * figures.
 */
import { scrubbedCaseView, SCRUBBED } from '../../../db/case-scrub';
import type { CaseView } from '../../../workflows/messages';
import { views } from '../contract/fixtures';

const decision = (what: string, why: string) => ({
  at: '2026-12-01T10:00:00.000Z',
  step: 'triage',
  what,
  why,
});

it('erases who the customer is and what they wrote, and keeps the figures', () => {
  const view: CaseView = {
    ...views.surveyed,
    customer: { ...views.surveyed.customer, name: 'Li Wei', email: 'li@example.com' },
    description: 'my card ends 4242',
    attributes: { orderId: 'A-1' },
    decisions: [
      ...views.surveyed.decisions,
      decision('message from customer', 'my new number is 555-0100'),
      decision('repeat contact joined the case', 'phone: still no refund, Li Wei here'),
      decision('survey answered', JSON.stringify({ speed: 4, comment: 'Li was rude' })),
    ],
  };
  const scrubbed = scrubbedCaseView(view);
  const text = JSON.stringify(scrubbed);
  expect(text).not.toMatch(/Li Wei|li@example|4242|A-1|555-0100|still no refund|rude/);
  expect(scrubbed.customer).toMatchObject({ id: SCRUBBED, name: SCRUBBED, email: SCRUBBED });
  expect(scrubbed.customer.tier).toBe(view.customer.tier);
  expect(scrubbed).toMatchObject({
    subject: SCRUBBED,
    description: SCRUBBED,
    attributes: { orderId: SCRUBBED },
  });
  expect(scrubbed.decisions.slice(-3).map((d) => d.why)).toEqual([
    SCRUBBED,
    `phone: ${SCRUBBED}`,
    '{"speed":4}',
  ]);
  for (const field of ['id', 'status', 'category', 'priority', 'clocks', 'tasks', 'revision'] as const) {
    expect([field, scrubbed[field]]).toEqual([field, view[field]]);
  }
  // Scrubbing a scrubbed view changes nothing (late projections of an erased case are scrubbed again).
  expect(scrubbedCaseView(scrubbed)).toEqual(scrubbed);
});
