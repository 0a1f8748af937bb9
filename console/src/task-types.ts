/**
 * The shapes of the task answers the console reads (GET /tasks, /tasks/{id}, the task actions). Written out
 * here rather than imported from contract/'s zod schemas, which would bring zod into the bundle; the lists
 * come from the contract's zod-free files (types only, or contract/statuses.ts). contract/task-view.ts and contract/task-forms.ts are the reference; the API's contract
 * tests keep them honest.
 */

import { TASK_STATUSES, type TaskStatus } from '../../contract/statuses';
import type { FieldType } from '../../contract/task-forms';

/** Every status a task can have: the contract's zod-free list. */
export const taskStatuses = TASK_STATUSES;
export type { TaskStatus };

/** One field of an outcome's form (contract/task-forms.ts). */
export interface FormField {
  name: string;
  type: FieldType;
  required: boolean;
  title?: string;
  description?: string;
  options?: string[];
}

/** A task as the inbox and the task page read it, with its outcomes' forms when the API knows them. */
export interface Task {
  id: string;
  caseId: string;
  department: string;
  coordinator?: string;
  tier?: string;
  step: string;
  title: string;
  instructions?: string;
  status: TaskStatus;
  assignee?: string;
  priority?: string;
  dueAt?: string;
  outcomes: string[];
  form?: Record<string, unknown>;
  forms?: Record<string, FormField[]>;
  createdAt: string;
  updatedAt: string;
}

/** GET /tasks: one page and how many tasks match in all. */
export interface TaskPage {
  items: Task[];
  total: number;
  nextCursor?: string;
}
