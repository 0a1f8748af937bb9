/** RFC 4180 CSV for the exports (timeline, reports): CRLF line ends, quoted only where needed. */

/**
 * A spreadsheet opening the export reads a cell that starts with =, +, -, @, a tab or a carriage return as a
 * formula (CSV injection: `=HYPERLINK(...)`, `-2+3+cmd|...`), and cell text comes from customers. Such a
 * cell gets a leading single quote, as OWASP recommends; only a cell that is a plain number (`-12.5`) is
 * left as it is, so negative figures stay numbers.
 */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Quotes a field when it holds a comma, quote or line break; a formula-like start is defused. */
export function csvField(value: string): string {
  const safe = formulaStart.test(value) && !plainNumber.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header line and one line per row; null and undefined become empty fields, objects JSON. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  const text = (cell: unknown): string => {
    if (cell === null || cell === undefined) return '';
    if (typeof cell === 'string') return cell;
    if (typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'bigint')
      return String(cell);
    return JSON.stringify(cell) ?? '';
  };
  const line = (cells: ReadonlyArray<unknown>) => cells.map((c) => csvField(text(c))).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}
