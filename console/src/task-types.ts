/**
 * The shapes of the task answers the console reads (GET /tasks, /tasks/{id}, the task actions). Written out
 * here rather than imported from contract/: that code brings zod into the bundle, and the console needs only
 * the fields it shows. contract/task-view.ts and contract/task-forms.ts are the reference; the API's contract
 * tests keep them honest.
 */

/** Every status a task can have (contract/statuses.ts TASK_STATUSES). */
export const taskStatuses = ['open', 'claimed', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** One field of an outcome's form (contract/task-forms.ts). */
export interface FormField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'datetime' | 'enum';
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
