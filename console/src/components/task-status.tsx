/** A task's status in the console's language (the inbox and the task page show the same words). */
import { useWords, words } from '../i18n';
import type { TaskStatus } from '../task-types';

export const taskStatusWords = words<TaskStatus>({
  en: { open: 'Open', claimed: 'Claimed', completed: 'Completed', cancelled: 'Cancelled' },
  zh: { open: '待认领', claimed: '已认领', completed: '已完成', cancelled: '已取消' },
});

export function TaskStatusText({ status }: { status: TaskStatus }) {
  const { t } = useWords(taskStatusWords);
  return <span class={`task-status task-status-${status}`}>{t(status)}</span>;
}
