/**
 * A range of whole days picked with two date fields, the second day included, and the API's half-open range
 * it stands for (`to` exclusive: the next day's midnight). One for the reports and the backtest.
 */

/** The API's range from the date fields (YYYY-MM-DD, UTC days): the day after `to`, so `to` is included. */
export function inclusiveDays(from: string, to: string): { from?: string; to?: string } {
  const next = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '';
  return { ...(from ? { from } : {}), ...(next ? { to: next } : {}) };
}

/** Two labelled date fields, each bounded by the other, described by the hint with id `hint`. */
export function DateRangeFields({
  from,
  to,
  onFrom,
  onTo,
  labels,
  hint,
}: {
  from: string;
  to: string;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
  labels: { from: string; to: string };
  hint: string;
}) {
  return (
    <>
      <label>
        {labels.from}
        <input
          type="date"
          value={from}
          max={to || undefined}
          aria-describedby={hint}
          onChange={(e) => onFrom(e.currentTarget.value)}
        />
      </label>
      <label>
        {labels.to}
        <input
          type="date"
          value={to}
          min={from || undefined}
          aria-describedby={hint}
          onChange={(e) => onTo(e.currentTarget.value)}
        />
      </label>
    </>
  );
}
