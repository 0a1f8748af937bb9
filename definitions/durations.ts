/**
 * Durations, percentages and clock times as a designer writes them. Pure functions, shared by the schema
 * (patterns, so editors flag bad values) and the compiler (values in milliseconds / numbers).
 *
 * A duration is an amount of clock time: `d` is always 24 hours. On a business calendar the engine counts
 * it in business time, so one business day of a 09:00–18:00 calendar is written `9h`.
 */

/** `30s`, `15m`, `4h`, `2d`, compounds such as `1h30m`, or ISO-8601 `PT4H`, `P2D`, `P1W`. */
export const DURATION_PATTERN =
  /^(?:(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?|P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)$/;

const SECOND = 1000;
const UNIT_MS: Record<string, number> = {
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
  d: 86400 * SECOND,
  W: 7 * 86400 * SECOND,
  D: 86400 * SECOND,
  H: 3600 * SECOND,
  M: 60 * SECOND,
  S: SECOND,
};

/** Milliseconds of a duration, or undefined when the text is not one (or is zero-length, like `P` or `PT`). */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text === '' || !DURATION_PATTERN.test(text)) return undefined;
  const iso = text.startsWith('P');
  let total = 0;
  let units = 0;
  // In ISO text `M` is minutes only after `T`; months are not allowed by the pattern, so M is always minutes.
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)([a-zA-Z])/g)) {
    const [, amount, unit] = match;
    const ms = UNIT_MS[unit ?? ''];
    if (ms === undefined || amount === undefined) return undefined;
    total += Number(amount) * ms;
    units++;
  }
  if (units === 0 || (iso && /^PT?$/.test(text))) return undefined;
  return Math.round(total);
}

export const DURATION_HINT = 'a duration such as 30s, 15m, 4h, 2d, 1h30m or ISO-8601 PT4H';

/** `80%`, `5%`, `0.5%` */
export const PERCENT_PATTERN = /^\d+(?:\.\d+)?%$/;

/** The number of a percentage (`80%` → 80), or undefined outside 0–100. */
export function parsePercent(value: string | number): number | undefined {
  const n =
    typeof value === 'number' ? value : PERCENT_PATTERN.test(value) ? Number(value.slice(0, -1)) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** `09:00-18:00`; `24:00` is allowed as an end. */
export const HOURS_PATTERN = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes since midnight of an opening range, or a message saying what is wrong with it. */
export function parseHours(text: string): { startMinute: number; endMinute: number } | { error: string } {
  const match = HOURS_PATTERN.exec(text);
  if (!match) return { error: `expected opening hours as HH:MM-HH:MM (e.g. 09:00-18:00), got '${text}'` };
  const [sh, sm, eh, em] = match.slice(1).map(Number) as [number, number, number, number];
  const startMinute = sh * 60 + sm;
  const endMinute = eh * 60 + em;
  if (startMinute >= 24 * 60 || endMinute > 24 * 60)
    return { error: `hours must lie within 00:00-24:00, got '${text}'` };
  if (endMinute <= startMinute) return { error: `opening hours must end after they start, got '${text}'` };
  return { startMinute, endMinute };
}

/** YYYY-MM-DD that is a real calendar date. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return m >= 1 && m <= 12 && d >= 1 && d <= (days[m - 1] ?? 0);
}
