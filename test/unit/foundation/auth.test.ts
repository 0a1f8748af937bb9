import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuthFile } from '../../../api/auth';
import { devAuthFile } from '../../../stack/start-paths';

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cf-auth-')), 'auth.yaml');
  writeFileSync(file, text);
  return file;
};

describe('auth file', () => {
  it('authenticates the dev tokens by their SHA-256 digests', () => {
    const dir = loadAuthFile(devAuthFile, undefined);
    expect(dir.development).toBe(true);
    expect(dir.authenticate('dev-frontline')).toEqual({
      name: 'frontline',
      roles: ['agent'],
      departments: ['frontline'],
    });
    expect(dir.authenticate('dev-admin')?.roles).toEqual(['admin']);
    expect(dir.authenticate('frontline')).toBeUndefined();
    expect(dir.authenticate('')).toBeUndefined();
  });

  it('refuses the development file in production, naming the setting', () => {
    expect(() => loadAuthFile(devAuthFile, 'production')).toThrow(
      /CASEFLOW_AUTH_FILE: .*development auth file.*refused/,
    );
  });

  it('says which entry of a bad file is wrong', () => {
    const file = write('principals:\n  - name: x\n    tokenSha256: nothex\n    roles: [agent]\n');
    expect(() => loadAuthFile(file, undefined)).toThrow(
      /CASEFLOW_AUTH_FILE: .*principals\.0\.tokenSha256: expected 64 lowercase hex/,
    );
    const roles = write(`principals:\n  - name: x\n    tokenSha256: ${'a'.repeat(64)}\n    roles: [king]\n`);
    expect(() => loadAuthFile(roles, undefined)).toThrow(/principals\.0\.roles\.0/);
  });

  it('names a missing file', () => {
    expect(() => loadAuthFile('/nonexistent/auth.yaml', undefined)).toThrow(
      /CASEFLOW_AUTH_FILE: cannot read \/nonexistent\/auth.yaml/,
    );
  });
});
