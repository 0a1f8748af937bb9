/**
 * "Move to version…" on the case page (issue 15, designers and admins): another version of the case's
 * template, optionally the step its current step becomes there and whether it re-enters it, then a dry run
 * (POST /cases/{id}/migrate with dryRun) that says what the move would do or why it cannot, and the move
 * itself, whose changes stay on the page while the case is read again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CaseMigration } from '../../../contract/migration';
import { api, asProblem, type ApiProblem } from '../api';
import type { CaseView } from '../case-types';
import { ProblemNote } from '../components/problem';
import { VersionSelect } from '../components/version-select';
import { useWords, words } from '../i18n';
import { useApi } from '../use-api';
import type { TemplateVersionSummary } from './templates';

const dict = words({
  en: {
    open: 'Move to version…',
    heading: 'Move this case to another version of {template}',
    version: 'Version',
    step: 'Its step {step} becomes, in v{version}',
    same: 'the same step',
    reenter: 'Re-enter that step (its open tasks cancelled)',
    dryRun: 'Dry run',
    move: 'Move to v{version}',
    none: 'There is no other active version of {template} to move to.',
    wouldMove: 'It can move: v{from} · {fromStep} → v{to} · {toStep}.',
    moved: 'Moved: v{from} · {fromStep} → v{to} · {toStep}.',
    refused: 'It cannot move: {reason}',
    changes: 'What the move does',
  },
  zh: {
    open: '迁移到其他版本…',
    heading: '将此工单迁移到 {template} 的其他版本',
    version: '版本',
    step: '当前步骤 {step} 在 v{version} 中对应',
    same: '同名步骤',
    reenter: '重新进入该步骤（取消其未完成的任务）',
    dryRun: '试运行',
    move: '迁移到 v{version}',
    none: '{template} 没有其他有效版本可迁移。',
    wouldMove: '可以迁移：v{from} · {fromStep} → v{to} · {toStep}。',
    moved: '已迁移：v{from} · {fromStep} → v{to} · {toStep}。',
    refused: '无法迁移：{reason}',
    changes: '迁移的变化',
  },
});

export function CaseMigrate({ view, onMoved }: { view: CaseView; onMoved: () => void }) {
  const { t } = useWords(dict);
  const template = view.template.name;
  const base = `/templates/${encodeURIComponent(template)}`;
  const list = useApi<{ versions: TemplateVersionSummary[] }>(base);
  const targets = (list.data?.versions ?? [])
    .filter((v) => v.status === 'active' && v.version !== view.template.version)
    .map((v) => v.version);
  const [version, setVersion] = useState<number>();
  const chosen = version ?? targets[targets.length - 1];
  const detail = useApi<{ plan: { steps: Record<string, unknown> } }>(
    chosen ? `${base}/versions/${chosen}` : undefined,
  );
  const steps = Object.keys(detail.data?.plan.steps ?? {});
  const [step, setStep] = useState('');
  const [reenter, setReenter] = useState(false);
  // The dry run's answer (cleared when the choice changes) and the move's, kept while the case reloads.
  const [checked, setChecked] = useState<CaseMigration>();
  const [moved, setMoved] = useState<CaseMigration>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setStep(''), [chosen]);
  useEffect(() => setChecked(undefined), [chosen, step, reenter]);

  const current = view.step;
  const send = async (dryRun: boolean) => {
    if (!chosen) return;
    setBusy(true);
    try {
      const body = {
        version: chosen,
        ...(current && step && step !== current ? { stepMap: { [current]: step } } : {}),
        ...(current && reenter ? { reenter: [current] } : {}),
        ...(dryRun ? { dryRun: true } : {}),
      };
      const result = await api<CaseMigration>(`/cases/${encodeURIComponent(view.id)}/migrate`, {
        method: 'POST',
        body,
      });
      setProblem(undefined);
      if (dryRun) {
        setChecked(result);
      } else {
        setChecked(undefined);
        setMoved(result);
        onMoved();
      }
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const r = checked ?? moved;
  const places = r
    ? { from: r.from.version, fromStep: r.from.step, to: r.to.version, toStep: r.to.step }
    : undefined;
  return (
    <details class="panel case-migrate">
      <summary>{t('open')}</summary>
      <h2>{t('heading', { template })}</h2>
      <ProblemNote problem={list.problem ?? detail.problem} />
      {list.data && targets.length === 0 ? <p>{t('none', { template })}</p> : null}
      {chosen ? (
        <div class="toolbar">
          <VersionSelect label={t('version')} versions={targets} value={chosen} onChange={setVersion} />
          {current ? (
            <label>
              {t('step', { step: current, version: chosen })}
              <select value={step} onChange={(e) => setStep(e.currentTarget.value)}>
                <option value="">{t('same')}</option>
                {steps.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {current ? (
            <label class="check">
              <input
                type="checkbox"
                checked={reenter}
                onChange={(e) => setReenter(e.currentTarget.checked)}
              />
              {t('reenter')}
            </label>
          ) : null}
          <button type="button" disabled={busy} onClick={() => void send(true)}>
            {t('dryRun')}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy || !checked?.ok}
            onClick={() => void send(false)}
          >
            {t('move', { version: chosen })}
          </button>
        </div>
      ) : null}
      <ProblemNote problem={problem} />
      <div role="status">
        {r && places ? (
          <p class={r.ok ? 'ok-note' : 'problem'}>
            {r.ok ? t(r === moved ? 'moved' : 'wouldMove', places) : t('refused', { reason: r.reason ?? '' })}
          </p>
        ) : null}
      </div>
      {r?.changes?.length ? (
        <>
          <h3>{t('changes')}</h3>
          <ul class="changes">
            {r.changes.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}
