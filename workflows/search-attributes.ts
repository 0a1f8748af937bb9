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

/** Every key above: registered by the dev server (`npm start`) and by the test servers. */
export const caseSearchAttributeKeys = [
  CaseStatusKey,
  CasePriorityKey,
  CaseCategoryKey,
  CaseDepartmentKey,
  CaseTemplateKey,
  CaseTemplateVersionKey,
  CaseCustomerKey,
];

/** name → type, as `temporal server start-dev --search-attribute name=Type` wants them. */
export const caseSearchAttributes: Record<string, 'Keyword' | 'Int'> = Object.fromEntries(
  caseSearchAttributeKeys.map((key) => [key.name, key.type === SearchAttributeType.INT ? 'Int' : 'Keyword']),
);
