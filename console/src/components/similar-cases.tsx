/**
 * How similar cases were resolved (issue 17, GET /cases/{id}/similar): the three closest resolved cases
 * beside a task that can resolve its case, each with its subject (a link to it), its resolution and who
 * resolved it, so the agent need not solve the same problem from scratch. Read-only help: when there are
 * none it says so, and the agent works the task as always.
 */
import { Link } from 'wouter-preact';
import { useWords, words } from '../i18n';
import { useApi } from '../use-api';
import { ProblemNote } from './problem';

/** GET /cases/{id}/similar's answer (contract/similar-cases.ts; the console reads no zod). */
interface SimilarCases {
  items: Array<{ caseId: string; subject: string; resolution: string; resolvedBy?: string; score: number }>;
}

const dict = words({
  en: {
    title: 'How similar cases were resolved',
    none: 'No resolved case in similar words yet.',
    loading: 'Looking for similar cases…',
    by: 'Resolved by {who}',
    match: 'match {score}%',
  },
  zh: {
    title: '相似工单的解决方法',
    none: '暂无用词相近的已解决工单。',
    loading: '正在查找相似工单…',
    by: '解决人：{who}',
    match: '相似度 {score}%',
  },
});

export function SimilarCasesPanel({ caseId, limit = 3 }: { caseId: string; limit?: number }) {
  const { t } = useWords(dict);
  const similar = useApi<SimilarCases>(`/cases/${encodeURIComponent(caseId)}/similar?limit=${limit}`);
  const items = similar.data?.items;
  return (
    <section class="panel similar-cases" aria-labelledby="similar-title">
      <h2 id="similar-title">{t('title')}</h2>
      {similar.problem ? (
        <ProblemNote problem={similar.problem} />
      ) : !items ? (
        <p>{t('loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ol>
          {items.map((item) => (
            <li key={item.caseId}>
              <Link href={`/cases/${encodeURIComponent(item.caseId)}`}>{item.subject}</Link>{' '}
              <span class="hint">
                ({item.caseId}, {t('match', { score: Math.round(item.score * 100) })})
              </span>
              <p class="resolution">{item.resolution}</p>
              {item.resolvedBy ? <p class="hint">{t('by', { who: item.resolvedBy })}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
