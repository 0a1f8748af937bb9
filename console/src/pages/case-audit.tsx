/**
 * The case's readable timeline (who, what, when, why: GET /cases/{id}/timeline) and, for auditors, the
 * history export (GET /cases/{id}/history, saved as a file) and a replay against today's workflow code
 * (POST /cases/{id}/replay). The timeline reads the case's Temporal history, so it is loaded when asked for,
 * not with the page; every one of these reads is written to the audit log by the API.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiProblem } from '../api';
import type { ReplayVerdict, Timeline, TimelineEntry } from '../case-types';
import { downloadFile, type Downloaded } from '../components/download';
import { ProblemNote } from '../components/problem';
import { When } from '../components/time';
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    timeline: 'Timeline',
    showTimeline: 'Show timeline',
    hideTimeline: 'Hide timeline',
    loading: 'Loading…',
    csv: 'Download timeline (CSV)',
    caption: 'What happened to the case, oldest first: {count} entries',
    when: 'When',
    who: 'Who',
    what: 'What',
    why: 'Why',
    principal: 'person',
    rule: 'rule',
    timer: 'timer',
    clock: 'SLA clock',
    system: 'system',
    audit: 'Audit',
    auditHint: 'The Temporal history of the case, and whether today’s workflow code replays it unchanged.',
    exportHistory: 'Export history',
    exporting: 'Exporting…',
    exported: 'Saved as {file}.',
    again: 'Download it again',
    replay: 'Replay history',
    replaying: 'Replaying…',
    deterministic:
      'Deterministic: today’s workflow code takes the same decisions ({events} events replayed).',
    diverged: 'Not deterministic: {reason}',
  },
  zh: {
    timeline: '时间线',
    showTimeline: '显示时间线',
    hideTimeline: '隐藏时间线',
    loading: '加载中…',
    csv: '下载时间线（CSV）',
    caption: '工单经历（最早在前）：共 {count} 条',
    when: '时间',
    who: '执行者',
    what: '事件',
    why: '原因',
    principal: '人员',
    rule: '规则',
    timer: '定时器',
    clock: 'SLA 计时',
    system: '系统',
    audit: '审计',
    auditHint: '工单的 Temporal 历史，以及当前工作流代码能否原样重放。',
    exportHistory: '导出历史',
    exporting: '导出中…',
    exported: '已保存为 {file}。',
    again: '再次下载',
    replay: '重放历史',
    replaying: '重放中…',
    deterministic: '确定性：当前工作流代码做出相同的决策（重放了 {events} 个事件）。',
    diverged: '非确定性：{reason}',
  },
});

const problemOf = (err: unknown) =>
  err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []);

export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t } = useWords(dict);
  const [open, setOpen] = useState(false);
  const [timeline, setTimeline] = useState<Timeline>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const base = `/cases/${encodeURIComponent(caseId)}/timeline`;

  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    setBusy(true);
    setProblem(undefined);
    try {
      // Asked again at every opening: the case may have moved on since.
      setTimeline(await api<Timeline>(`${base}?format=json`));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  const csv = async () => {
    setProblem(undefined);
    try {
      const saved = await downloadFile(`${base}?format=csv`, `case-${caseId}-timeline.csv`, 'text/csv');
      setTimeout(() => URL.revokeObjectURL(saved.url), 60_000);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  const who = (e: TimelineEntry) => `${e.who.name} (${t(e.who.kind)})`;
  return (
    <section class="panel" aria-labelledby="case-timeline">
      <h2 id="case-timeline">{t('timeline')}</h2>
      <div class="toolbar">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="case-timeline-body"
          onClick={() => void toggle()}
        >
          {open ? t('hideTimeline') : t('showTimeline')}
        </button>
        <button type="button" class="secondary" onClick={() => void csv()}>
          {t('csv')}
        </button>
      </div>
      <ProblemNote problem={problem} />
      <div id="case-timeline-body" hidden={!open}>
        {busy ? <p role="status">{t('loading')}</p> : null}
        {timeline && !busy ? (
          <table class="case-timeline">
            <caption class="visually-hidden">{t('caption', { count: timeline.entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('what')}</th>
                <th scope="col">{t('why')}</th>
              </tr>
            </thead>
            <tbody>
              {timeline.entries.map((e, i) => (
                <tr key={i}>
                  <td>
                    <When at={e.at} />
                  </td>
                  <td>{who(e)}</td>
                  <td>{e.what}</td>
                  <td>{e.why ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}

export function CaseAudit({ caseId }: { caseId: string }) {
  const { t } = useWords(dict);
  const [saved, setSaved] = useState<Downloaded>();
  const [verdict, setVerdict] = useState<ReplayVerdict>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState<'export' | 'replay'>();
  const path = `/cases/${encodeURIComponent(caseId)}`;

  // The object URL holds the whole history in memory: let it go with the page.
  useEffect(() => () => (saved ? URL.revokeObjectURL(saved.url) : undefined), [saved]);

  const run = async (what: 'export' | 'replay') => {
    setBusy(what);
    setProblem(undefined);
    try {
      if (what === 'export') setSaved(await downloadFile(`${path}/history`, `case-${caseId}-history.json`));
      else setVerdict(await api<ReplayVerdict>(`${path}/replay`, { method: 'POST' }));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="panel" aria-labelledby="case-audit">
      <h2 id="case-audit">{t('audit')}</h2>
      <p class="hint">{t('auditHint')}</p>
      <div class="toolbar">
        <button type="button" disabled={busy !== undefined} onClick={() => void run('export')}>
          {busy === 'export' ? t('exporting') : t('exportHistory')}
        </button>
        <button type="button" disabled={busy !== undefined} onClick={() => void run('replay')}>
          {busy === 'replay' ? t('replaying') : t('replay')}
        </button>
      </div>
      <ProblemNote problem={problem} />
      <div role="status">
        {saved ? (
          <p>
            {t('exported', { file: saved.filename })}{' '}
            <a href={saved.url} download={saved.filename}>
              {t('again')}
            </a>
          </p>
        ) : null}
        {verdict ? (
          <p class={verdict.deterministic ? 'replay-ok' : 'replay-bad'}>
            {verdict.deterministic
              ? t('deterministic', { events: verdict.events })
              : t('diverged', { reason: verdict.divergence ?? verdict.errorType ?? '?' })}
          </p>
        ) : null}
      </div>
    </section>
  );
}
