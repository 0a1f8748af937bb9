/** RFC 4180 CSV for the exports (timeline, reports): CRLF line ends, quoted only where needed. */

/** Quotes a field when it holds a comma, quote or line break; a leading =, +, -, @ is defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
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
