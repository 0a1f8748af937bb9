/**
 * How an older version's steps map onto a target's (issue 15): one row per old step, its step in the target
 * (the same id by default) and whether its cases re-enter it. Used by the migration panel of a published
 * version, where the target's steps are known and offered as a choice, and by the template editor's dry run
 * of an unpublished candidate, whose steps the console does not parse: there the target step is typed.
 */
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    oldStep: 'Step in v{from}',
    kind: 'Kind',
    newStep: 'Step in {to}',
    newStepOf: 'Step in {to} for {step}',
    none: '— no counterpart —',
    reenter: 'Re-enter',
    reenterOf: 'Re-enter {step}',
  },
  zh: {
    oldStep: 'v{from} 的步骤',
    kind: '类型',
    newStep: '{to} 的步骤',
    newStepOf: '{step} 在 {to} 中的步骤',
    none: '— 无对应步骤 —',
    reenter: '重新进入',
    reenterOf: '重新进入 {step}',
  },
});

/** Each old step's choice: its step in the target ('' = none) and whether its cases re-enter it. */
export type Mapping = Record<string, { to: string; reenter: boolean }>;

/** Every old step to the step of the same id; with the target's steps known, '' where it has none. */
export function defaultMapping(oldSteps: string[], newSteps?: string[]): Mapping {
  return Object.fromEntries(
    oldSteps.map((id) => [id, { to: !newSteps || newSteps.includes(id) ? id : '', reenter: false }]),
  );
}

/** The request's stepMap and reenter from the table: only what differs from the default. */
export function mappingBody(mapping: Mapping): { stepMap?: Record<string, string>; reenter?: string[] } {
  const entries = Object.entries(mapping);
  const stepMap = Object.fromEntries(
    entries.filter(([id, m]) => m.to.trim() && m.to.trim() !== id).map(([id, m]) => [id, m.to.trim()]),
  );
  const reenter = entries.filter(([, m]) => m.reenter).map(([id]) => id);
  return {
    ...(Object.keys(stepMap).length ? { stepMap } : {}),
    ...(reenter.length ? { reenter } : {}),
  };
}

/** `newSteps` undefined: the target's steps are not known, and each old step's counterpart is typed. */
export function StepMapTable({
  caption,
  from,
  to,
  kinds,
  newSteps,
  mapping,
  onChange,
}: {
  caption: string;
  from: number;
  /** The target as the labels name it: `v3`, or the candidate's words. */
  to: string;
  kinds: Record<string, { kind: string }>;
  newSteps?: string[];
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useWords(dict);
  const choose = (id: string, change: Partial<Mapping[string]>) =>
    onChange({
      ...mapping,
      [id]: { to: mapping[id]?.to ?? '', reenter: false, ...mapping[id], ...change },
    });
  return (
    <table class="compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('oldStep', { from })}</th>
          <th scope="col">{t('kind')}</th>
          <th scope="col">{t('newStep', { to })}</th>
          <th scope="col">{t('reenter')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.keys(kinds).map((id) => (
          <tr key={id}>
            <th scope="row">
              <code>{id}</code>
            </th>
            <td>{kinds[id]?.kind}</td>
            <td>
              {newSteps ? (
                <select
                  aria-label={t('newStepOf', { to, step: id })}
                  value={mapping[id]?.to ?? ''}
                  onChange={(e) => choose(id, { to: e.currentTarget.value })}
                >
                  <option value="">{t('none')}</option>
                  {newSteps.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type="text"
                  spellcheck={false}
                  aria-label={t('newStepOf', { to, step: id })}
                  value={mapping[id]?.to ?? ''}
                  onInput={(e) => choose(id, { to: e.currentTarget.value })}
                />
              )}
            </td>
            <td>
              <input
                type="checkbox"
                aria-label={t('reenterOf', { step: id })}
                checked={mapping[id]?.reenter ?? false}
                onChange={(e) => choose(id, { reenter: e.currentTarget.checked })}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
