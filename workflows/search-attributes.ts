/**
 * Custom search attributes kept current by every case, so Temporal's UI and visibility queries can find
 * cases by what a service desk filters on. The dev server registers them at start (stack/dev-server.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CasePriorityKey = defineSearchAttributeKey('CasePriority', SearchAttributeType.KEYWORD);
export const CaseCategoryKey = defineSearchAttributeKey('CaseCategory', SearchAttributeType.KEYWORD);
export const CaseDepartmentKey = defineSearchAttributeKey('CaseDepartment', SearchAttributeType.KEYWORD);
export const CaseTemplateKey = defineSearchAttributeKey('CaseTemplate', SearchAttributeType.KEYWORD);
export const CaseTemplateVersionKey = defineSearchAttributeKey(
  'CaseTemplateVersion',
  SearchAttributeType.INT,
);
export const CaseCustomerKey = defineSearchAttributeKey('CaseCustomer', SearchAttributeType.KEYWORD);

/** name → type, as `temporal server start-dev --search-attribute name=Type` wants them. */
export const caseSearchAttributes: Record<string, 'Keyword' | 'Int'> = {
  CaseStatus: 'Keyword',
  CasePriority: 'Keyword',
  CaseCategory: 'Keyword',
  CaseDepartment: 'Keyword',
  CaseTemplate: 'Keyword',
  CaseTemplateVersion: 'Int',
  CaseCustomer: 'Keyword',
};
