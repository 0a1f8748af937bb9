/**
 * A case's SLA and OLA clocks (docs/time.md): due time, business time used and left, and whether the clock
 * runs, is paused, has stopped or is breached — said in words, not by colour alone.
 */
import type { ClockView } from '../case-types';
import { duration, When } from '../components/time';
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    title: 'SLA clocks',
    none: 'No clock runs on this case.',
    clock: 'Clock',
    target: 'Target',
    due: 'Due',
    used: 'Used',
    remaining: 'Remaining',
    state: 'State',
    response: 'Response',
    resolution: 'Resolution',
    ola: 'OLA: {department}',
    running: 'Running',
    soon: 'Running, due soon',
    paused: 'Paused',
    breached: 'Breached',
    stopped: 'Stopped',
    stoppedBreached: 'Stopped, breached',
    pausedBreached: 'Paused, breached',
    noDue: 'none while paused',
    asOf: 'Read at {time}; business time on the calendar {calendar}.',
  },
  zh: {
    title: 'SLA 计时',
    none: '此工单没有计时。',
    clock: '计时',
    target: '目标',
    due: '到期',
    used: '已用',
    remaining: '剩余',
    state: '状态',
    response: '首次响应',
    resolution: '解决',
    ola: 'OLA：{department}',
    running: '计时中',
    soon: '计时中，即将到期',
    paused: '已暂停',
    breached: '已超时',
    stopped: '已停止',
    stoppedBreached: '已停止，已超时',
    pausedBreached: '已暂停，已超时',
    noDue: '暂停期间无到期时间',
    asOf: '读取于 {time}；按日历 {calendar} 计算工作时间。',
  },
});

/** `PT9H`, `PT1H30M`, `P2D` as milliseconds; undefined for what this reader does not know. */
function isoMs(iso: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return ((d * 24 + h) * 60 + min) * 60_000 + s * 1000;
}

type State = 'running' | 'soon' | 'paused' | 'breached' | 'stopped' | 'stoppedBreached' | 'pausedBreached';

/** Due soon: a fifth of the target or less left, as the inbox's colours say it. */
function stateOf(clock: ClockView, targetMs: number | undefined): State {
  if (clock.stoppedAt) return clock.breached ? 'stoppedBreached' : 'stopped';
  if (clock.paused) return clock.breached ? 'pausedBreached' : 'paused';
  if (clock.breached) return 'breached';
  if (targetMs !== undefined && clock.remainingMs <= targetMs / 5) return 'soon';
  return 'running';
}

const stateClass: Record<State, string> = {
  running: 'sla-ok',
  soon: 'sla-soon',
  paused: 'sla-paused',
  breached: 'sla-breached',
  stopped: 'sla-stopped',
  stoppedBreached: 'sla-breached',
  pausedBreached: 'sla-breached',
};

export function CaseClocks({ clocks }: { clocks: ClockView[] }) {
  const { t } = useWords(dict);
  const name = (clock: ClockView) =>
    clock.name === 'response' || clock.name === 'resolution'
      ? t(clock.name)
      : clock.name.startsWith('ola:')
        ? t('ola', { department: clock.name.slice(4) })
        : clock.name;
  const asOf = clocks.find((c) => c.asOf)?.asOf;
  return (
    <section class="panel" aria-labelledby="case-clocks">
      <h2 id="case-clocks">{t('title')}</h2>
      {clocks.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('clock')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('due')}</th>
              <th scope="col">{t('used')}</th>
              <th scope="col">{t('remaining')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {clocks.map((clock) => {
              const targetMs = isoMs(clock.target);
              const state = stateOf(clock, targetMs);
              return (
                <tr key={clock.name}>
                  <th scope="row">{name(clock)}</th>
                  <td class="nowrap">{targetMs !== undefined ? duration(targetMs) : clock.target}</td>
                  <td>{clock.dueAt ? <When at={clock.dueAt} /> : clock.paused ? t('noDue') : '—'}</td>
                  <td class="nowrap">{duration(clock.usedMs)}</td>
                  <td class="nowrap">{duration(clock.remainingMs)}</td>
                  <td class={`nowrap ${stateClass[state]}`}>{t(state)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {asOf ? (
        <p class="hint">
          {t('asOf', {
            time: new Date(asOf).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
            calendar: clocks.find((c) => c.calendar)?.calendar ?? '—',
          })}
        </p>
      ) : null}
    </section>
  );
}
