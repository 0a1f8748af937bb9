/**
 * An upsert sends the search attributes that changed (issue 13): all seven on the first upsert of a run,
 * then only those that differ, a cleared one as null so Temporal removes it.
 */
import { searchAttributeChanges } from '../../../workflows/case.effects';
import type { CaseSearchAttributes } from '../../../workflows/engine/types';

const opened: CaseSearchAttributes = {
  status: 'open',
  template: 'customer-issue',
  version: 3,
  customer: 'cu-1',
};
const named = (pairs: ReturnType<typeof searchAttributeChanges>) =>
  Object.fromEntries(pairs.map((p) => [p.key.name, p.value]));

it('sends every attribute when nothing was upserted yet', () => {
  expect(named(searchAttributeChanges(opened))).toEqual({
    CaseStatus: 'open',
    CasePriority: null,
    CaseCategory: null,
    CaseDepartment: null,
    CaseTemplate: 'customer-issue',
    CaseTemplateVersion: 3,
    CaseCustomer: 'cu-1',
  });
});

it('then only what changed, a cleared attribute as null', () => {
  const classified = { ...opened, priority: 'high', category: 'billing', department: 'frontline' };
  expect(named(searchAttributeChanges(classified, opened))).toEqual({
    CasePriority: 'high',
    CaseCategory: 'billing',
    CaseDepartment: 'frontline',
  });
  const { department: _dropped, ...withoutDepartment } = classified;
  const resolved: CaseSearchAttributes = { ...withoutDepartment, status: 'resolved' };
  expect(named(searchAttributeChanges(resolved, classified))).toEqual({
    CaseStatus: 'resolved',
    CaseDepartment: null,
  });
});

it('sends every attribute rather than an empty upsert', () => {
  expect(searchAttributeChanges(opened, { ...opened })).toHaveLength(7);
});
