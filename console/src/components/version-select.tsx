/** A labelled choice among template versions, shown as `v1`, `v2` …: the diff, the migration, a case's move. */
export function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string;
  versions: number[];
  value: number | undefined;
  onChange: (version: number) => void;
}) {
  return (
    <label>
      {label}
      <select value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {versions.map((n) => (
          <option key={n} value={String(n)}>
            v{n}
          </option>
        ))}
      </select>
    </label>
  );
}
