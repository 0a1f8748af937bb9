/**
 * Cases of a migration, one row each (contract/migration.ts CaseMigration): where the case stands, where it
 * goes, and whether it can (or did) move — with the reason when not, and what the move does when told.
 * Shown fifty at a time: a version can have thousands of open cases.
 */
import { Link } from 'wouter-preact';
import type { CaseMigration } from '../../../contract/migration';
import { useWords, words } from '../i18n';
import { useShowMore } from './show-more';

const dict = words({
  en: {
    case: 'Case',
    from: 'From',
    to: 'To',
    result: 'Result',
    changes: 'What changes',
    canMove: 'can move',
    moved: 'moved',
    refused: 'refused: {reason}',
    place: 'v{version} · {step}',
  },
  zh: {
    case: '工单',
    from: '从',
    to: '到',
    result: '结果',
    changes: '变化',
    canMove: '可以迁移',
    moved: '已迁移',
    refused: '拒绝：{reason}',
    place: 'v{version} · {step}',
  },
});

/** `applied`: the cases were moved (a migration's progress), not only checked (a dry run). */
export function CaseMigrationTable({
  cases,
  caption,
  applied = false,
}: {
  cases: CaseMigration[];
  caption: string;
  applied?: boolean;
}) {
  const { t } = useWords(dict);
  const { shown, more } = useShowMore(cases.length, 50, cases.length === 0 ? undefined : cases[0]?.id);
  if (cases.length === 0) return null;
  return (
    <>
      <table class="compact">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case')}</th>
            <th scope="col">{t('from')}</th>
            <th scope="col">{t('to')}</th>
            <th scope="col">{t('result')}</th>
            <th scope="col">{t('changes')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.slice(0, shown).map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link href={`/cases/${encodeURIComponent(c.id)}`}>{c.id}</Link>
              </th>
              <td>{t('place', { version: c.from.version, step: c.from.step })}</td>
              <td>{t('place', { version: c.to.version, step: c.to.step })}</td>
              <td class={c.ok ? 'sla-ok' : 'sla-breached'}>
                {c.ok ? t(applied ? 'moved' : 'canMove') : t('refused', { reason: c.reason ?? '' })}
              </td>
              <td>
                {c.changes?.length ? (
                  <ul class="changes">
                    {c.changes.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more}
    </>
  );
}
