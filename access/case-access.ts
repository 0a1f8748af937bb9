/**
 * The departments of a case as the policy reads them (access/policy.ts CaseHolders), from the live view or
 * the projected one. The projection can also answer without reading the view (db/cases.ts getCaseAccess),
 * which a message uses: a query per message would cost a busy case a workflow task (docs/api.md).
 */
import type { CaseView } from '../workflows/messages';
import type { CaseHolders } from './policy';

/** What of a task the holders are read from. */
type TaskHolding = Pick<CaseView['tasks'][number], 'department' | 'coordinator' | 'status'>;

const isOpen = (task: TaskHolding): boolean => task.status === 'open' || task.status === 'claimed';

/**
 * Every department the case ever involved (the holding one and those of all its tasks and coordinators) and
 * those holding it now (the holding one and those of its open tasks with their coordinators).
 */
export function caseHoldersOf(view: {
  department?: CaseView['department'];
  tasks: readonly TaskHolding[];
}): CaseHolders {
  return {
    involved: [view.department, ...view.tasks.flatMap((t) => [t.department, t.coordinator])],
    holding: [view.department, ...view.tasks.filter(isOpen).flatMap((t) => [t.department, t.coordinator])],
  };
}

/** A case that is not known (or not projected yet) involves no department: only those who see all pass. */
export const noHolders: CaseHolders = { involved: [], holding: [] };
