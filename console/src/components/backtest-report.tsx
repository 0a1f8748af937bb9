/**
 * A backtest's answer (issue 15, POST /templates/backtest): the totals and the count of differing cases per
 * field, then each case that would have gone otherwise — what was recorded, what the candidate would have
 * done and the rule or clock behind it — and the recorded events the candidate could not place. Differing
 * cases are shown twenty at a time.
 */
import { Link } from 'wouter-preact';
import type { BacktestField, BacktestReport } from '../../../contract/backtest';
import { useWords, words } from '../i18n';
import { useShowMore } from './show-more';
import { When } from './time';

const dict = words({
  en: {
    heading: 'Backtest of {name} v{version} on recorded cases',
    totals: 'Totals',
    cases: 'Cases run',
    changed: 'Would have changed',
    unchanged: 'Unchanged',
    unplacedCases: 'With events the candidate cannot place',
    took: 'Took',
    byField: 'Differing cases per field',
    field: 'Field',
    count: 'Cases',
    noneDiffer: 'No recorded case would have gone differently.',
    differing: 'Cases that would have gone differently',
    caseHeading: 'Case {id}',
    recordedOn: 'Recorded on v{version}, opened',
    differences: 'Differences of case {id}',
    recorded: 'Recorded',
    candidate: 'Candidate',
    why: 'Why',
    unplaced: 'Events the candidate cannot place',
    unplacedLine: '{event} — {reason}',
    category: 'category',
    department: 'department',
    priority: 'priority',
    sla: 'SLA',
    escalations: 'escalations',
    status: 'final status',
  },
  zh: {
    heading: '{name} v{version} 在历史工单上的回测',
    totals: '汇总',
    cases: '回测工单数',
    changed: '结果会改变',
    unchanged: '结果不变',
    unplacedCases: '含无法放置事件的工单',
    took: '耗时',
    byField: '各字段的差异工单数',
    field: '字段',
    count: '工单数',
    noneDiffer: '没有任何历史工单的结果会改变。',
    differing: '结果会改变的工单',
    caseHeading: '工单 {id}',
    recordedOn: '记录于 v{version}，开立于',
    differences: '工单 {id} 的差异',
    recorded: '实际记录',
    candidate: '候选版本',
    why: '原因',
    unplaced: '候选版本无法放置的事件',
    unplacedLine: '{event} —— {reason}',
    category: '类别',
    department: '部门',
    priority: '优先级',
    sla: 'SLA',
    escalations: '升级次数',
    status: '最终状态',
  },
});

/** Every field the backtest compares has its word in both languages (the type checks it). */
const fieldKeys: Record<BacktestField, BacktestField> = {
  category: 'category',
  department: 'department',
  priority: 'priority',
  sla: 'sla',
  escalations: 'escalations',
  status: 'status',
};

export function BacktestReportView({ report }: { report: BacktestReport }) {
  const { t, locale } = useWords(dict);
  const n = (x: number) => x.toLocaleString(locale);
  const { shown, more } = useShowMore(report.differing.length, 20, report);
  const fields = (Object.keys(report.byField) as BacktestField[]).filter((f) => f in fieldKeys);

  return (
    <section class="backtest-report" aria-labelledby="backtest-heading">
      <h3 id="backtest-heading">
        {t('heading', { name: report.candidate.name, version: report.candidate.version })}
      </h3>
      <dl class="facts" aria-label={t('totals')}>
        <dt>{t('cases')}</dt>
        <dd>{n(report.cases)}</dd>
        <dt>{t('changed')}</dt>
        <dd>{n(report.changed)}</dd>
        <dt>{t('unchanged')}</dt>
        <dd>{n(report.unchanged)}</dd>
        <dt>{t('unplacedCases')}</dt>
        <dd>{n(report.withUnplacedEvents)}</dd>
        <dt>{t('took')}</dt>
        <dd>{n(Math.round(report.ms))} ms</dd>
      </dl>
      {fields.length ? (
        <table class="compact">
          <caption>{t('byField')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('count')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row">{t(fieldKeys[f])}</th>
                <td>{n(report.byField[f] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.differing.length === 0 ? (
        <p>{t('noneDiffer')}</p>
      ) : (
        <>
          <h4>{t('differing')}</h4>
          <ul class="backtest-cases">
            {report.differing.slice(0, shown).map((c) => (
              <li key={c.id}>
                <p>
                  <Link href={`/cases/${encodeURIComponent(c.id)}`}>{t('caseHeading', { id: c.id })}</Link>{' '}
                  <span class="hint">
                    {t('recordedOn', { version: c.version })} <When at={c.openedAt} />
                  </span>
                </p>
                {c.differences.length ? (
                  <table class="compact">
                    <caption class="visually-hidden">{t('differences', { id: c.id })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('field')}</th>
                        <th scope="col">{t('recorded')}</th>
                        <th scope="col">{t('candidate')}</th>
                        <th scope="col">{t('why')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.differences.map((d, i) => (
                        <tr key={i}>
                          <th scope="row">{t(fieldKeys[d.field])}</th>
                          <td>{d.recorded}</td>
                          <td>→ {d.candidate}</td>
                          <td class="case-rule">{d.why}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {c.unplaced.length ? (
                  <>
                    <p class="hint">{t('unplaced')}</p>
                    <ul>
                      {c.unplaced.map((u, i) => (
                        <li key={i}>
                          <When at={u.at} /> {t('unplacedLine', { event: u.event, reason: u.reason })}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {more}
        </>
      )}
    </section>
  );
}
