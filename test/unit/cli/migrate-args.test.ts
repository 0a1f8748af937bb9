/**
 * `caseflow migrate`'s two meanings: no arguments migrates the database (compose runs it so), a subcommand
 * moves cases through the API. The parsing alone; the calls to a running API: test/integration/
 * version-migration.test.ts.
 */
import { runMigrate } from '../../../cli/migrate';
import { caseLine, parseMigrateArgs } from '../../../cli/migrate-cases';

describe('parseMigrateArgs', () => {
  it('reads one case with its target, map, reentered steps and dry run', () => {
    expect(
      parseMigrateArgs([
        'case',
        'c-1',
        '--to',
        '2',
        '--step-map',
        'triage=check, resolve=fix',
        '--reenter',
        'triage',
        '--dry-run',
      ]),
    ).toEqual({
      kind: 'case',
      caseId: 'c-1',
      to: 2,
      mapping: { stepMap: { triage: 'check', resolve: 'fix' }, reenter: ['triage'] },
      dryRun: true,
    });
  });

  it('reads a version of a template, waiting unless --no-wait', () => {
    expect(parseMigrateArgs(['cases', 'customer-issue', '--from', 'v1', '--to', '2'])).toEqual({
      kind: 'cases',
      template: 'customer-issue',
      from: 1,
      to: 2,
      mapping: {},
      dryRun: false,
      wait: true,
    });
    expect(parseMigrateArgs(['cases', 't', '--from', '1', '--to', '2', '--no-wait'])).toMatchObject({
      wait: false,
    });
  });

  it('reads status, pause and resume of a migration id', () => {
    for (const kind of ['status', 'pause', 'resume'] as const)
      expect(parseMigrateArgs([kind, 'm-1'])).toEqual({ kind, migrationId: 'm-1' });
  });

  it.each([
    [['case', 'c-1'], '--to <version> is required'],
    [['case', 'c-1', '--to'], '--to needs a value'],
    [['case', 'c-1', '--to', 'two'], "--to expects a version number, not 'two'"],
    [['case', 'c-1', '--to', '0'], "--to expects a version number, not '0'"],
    [['case', '--to', '2'], 'name one case id'],
    [['case', 'c-1', '--to', '2', '--from', '1'], '--from is for `migrate cases` (a case knows its version)'],
    [['cases', 't', '--to', '2'], '--from <version> is required'],
    [['cases', 't', '--from', '2', '--to', '2'], '--from and --to name the same version'],
    [['cases', '--from', '1', '--to', '2'], 'name one template'],
    [
      ['cases', 't', '--from', '1', '--to', '2', '--step-map', 'a'],
      "--step-map expects old=new pairs separated by commas, not 'a'",
    ],
    [['cases', 't', '--from', '1', '--to', '2', '--fast'], "unknown option '--fast'"],
    [['status'], 'status takes one migration id'],
    [['pause', 'm-1', '--dry-run'], 'pause takes one migration id'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseMigrateArgs(args)).toBe(message);
  });
});

describe('runMigrate', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
    };
  };

  it('keeps the database meaning for other arguments, and says both meanings in its help', async () => {
    const bad = io();
    expect(await runMigrate(['now'], bad.io, {})).toBe(2);
    expect(bad.out.stderr).toContain("unexpected argument 'now'");
    const help = io();
    expect(await runMigrate(['--help'], help.io, {})).toBe(0);
    expect(help.out.stdout).toContain('applies the database migrations to DATABASE_URL');
    expect(help.out.stdout).toContain('caseflow migrate cases <template> --from <v> --to <v>');
  });

  it('says what is wrong with a subcommand, with exit 2, before calling the API', async () => {
    const bad = io();
    expect(await runMigrate(['cases', 't', '--from', '1'], bad.io, {})).toBe(2);
    expect(bad.out.stderr).toContain('caseflow migrate: --to <version> is required');
  });

  it('an unreachable API is exit 2, naming the URL', async () => {
    const down = io();
    const env = { CASEFLOW_API_URL: 'http://127.0.0.1:9' };
    expect(await runMigrate(['status', 'm-1'], down.io, env)).toBe(2);
    expect(down.out.stderr).toContain('cannot reach http://127.0.0.1:9/migrations/m-1');
  });
});

it('prints a case as id, places and outcome', () => {
  const from = { version: 1, step: 'triage' };
  expect(caseLine({ id: 'c-1', from, to: { version: 2, step: 'check' }, ok: true })).toBe(
    'c-1  v1/triage → v2/check  ok',
  );
  expect(
    caseLine({ id: 'c-2', from, to: { version: 2, step: '' }, ok: false, reason: 'no step triage in v2' }),
  ).toBe('c-2  v1/triage → v2/?  refused: no step triage in v2');
});
