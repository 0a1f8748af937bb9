/** A case's status in the console's language (the list and the case page show the same words). */
import type { CaseStatus } from '../case-types';
import { useWords, words } from '../i18n';

export const statusWords = words<CaseStatus>({
  en: {
    open: 'Open',
    waiting: 'Waiting',
    resolved: 'Resolved',
    closed: 'Closed',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
  },
  zh: {
    open: '处理中',
    waiting: '等待中',
    resolved: '已解决',
    closed: '已关闭',
    rejected: '已拒绝',
    cancelled: '已取消',
  },
});

export function CaseStatusText({ status }: { status: CaseStatus }) {
  const { t } = useWords(statusWords);
  return <span class={`case-status case-status-${status}`}>{t(status)}</span>;
}
