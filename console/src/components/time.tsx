/** Times as people read them, in the console's language; the exact ISO time in the tooltip. */
import { useContext } from 'preact/hooks';
import { LangContext } from '../i18n';

export function When({ at }: { at: string | undefined | null }) {
  const { lang } = useContext(LangContext);
  if (!at) return <span>—</span>;
  const date = new Date(at);
  const text = date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <time dateTime={at} title={at}>
      {text}
    </time>
  );
}

/** A duration in milliseconds as `2 d 3 h`, `45 min`, `30 s`. */
export function duration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return `${sign}${d} d ${h} h`;
  if (h) return `${sign}${h} h ${m} min`;
  if (m) return `${sign}${m} min`;
  return `${sign}${s} s`;
}
