import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goInstall } from '../../../setup/go-binaries';

// A second process that needs a binary another one is building waits for that build instead of starting
// its own (two builds of the Temporal CLI on two cores took twice as long, seen with parallel test runs).
describe('goInstall beside another build', () => {
  it('waits for a live builder and uses what it built', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'caseflow-go-')), '1.0.0');
    // The "other builder": a live process whose staging folder exists, and which writes the binary later.
    const builder = spawn('sh', ['-c', `sleep 1; mkdir -p '${target}'; touch '${join(target, 'fake')}'`]);
    mkdirSync(`${target}.building-${builder.pid}`, { recursive: true });
    const lines: string[] = [];
    // No such module exists: building it here would fail, so success means this process waited.
    goInstall(
      [{ name: 'fake', pkg: 'example.invalid/fake', version: '1.0.0' }],
      target,
      (l) => lines.push(l),
      'fake',
    );
    expect(existsSync(join(target, 'fake'))).toBe(true);
    expect(lines.join('\n')).toMatch(/waiting for process \d+/);
    await new Promise((resolve) => builder.on('exit', resolve));
  });
});
