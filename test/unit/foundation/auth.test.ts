import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuthFile } from '../../../api/auth';
import { devAuthFile } from '../../../config/paths';

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
      leads: [],
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

  const entry = (name: string, digest: string) =>
    `  - name: ${name}\n    tokenSha256: ${digest}\n    roles: [agent]\n    departments: [frontline]\n`;
  const thrown = (file: string): string => {
    try {
      loadAuthFile(file, undefined);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    throw new Error(`${file} was accepted`);
  };

  it('refuses two principals with the same name, naming the lines of both', () => {
    const file = write(
      `principals:\n${entry('anna', 'a'.repeat(64))}${entry('bert', 'b'.repeat(64))}${entry('anna', 'c'.repeat(64))}`,
    );
    expect(thrown(file).split('\n')).toEqual([
      `CASEFLOW_AUTH_FILE: ${file}:10: principal name "anna" is already used at line 2; each principal needs its own name`,
    ]);
  });

  it('refuses two principals with the same token digest, one line per repeat', () => {
    const file = write(
      `principals:\n${entry('anna', 'a'.repeat(64))}${entry('bert', 'a'.repeat(64))}` +
        `${entry('bert', 'b'.repeat(64))}${entry('carl', 'a'.repeat(64))}`,
    );
    expect(thrown(file).split('\n')).toEqual([
      `CASEFLOW_AUTH_FILE: ${file}:7: the tokenSha256 of "bert" is the same as that of "anna" at line 3; each principal needs its own token`,
      `CASEFLOW_AUTH_FILE: ${file}:10: principal name "bert" is already used at line 6; each principal needs its own name`,
      `CASEFLOW_AUTH_FILE: ${file}:15: the tokenSha256 of "carl" is the same as that of "anna" at line 3; each principal needs its own token`,
    ]);
  });

  it('reads the departments a principal leads, and finds principals by name', () => {
    const dir = loadAuthFile(devAuthFile, undefined);
    expect(dir.authenticate('dev-frontline-lead')).toEqual({
      name: 'frontline-lead',
      roles: ['agent'],
      departments: ['frontline'],
      leads: ['frontline'],
    });
    expect(dir.byName('billing')).toMatchObject({ departments: ['billing'], leads: [] });
    expect(dir.byName('nobody')).toBeUndefined();
  });

  it('refuses a lead of a department the principal is not in, or a lead who is no agent', () => {
    const lead = (roles: string, departments: string, leads: string) =>
      write(
        `principals:\n  - name: x\n    tokenSha256: ${'a'.repeat(64)}\n    roles: [${roles}]\n` +
          `    departments: [${departments}]\n    leads: [${leads}]\n`,
      );
    expect(thrown(lead('agent', 'frontline', 'billing'))).toMatch(
      /CASEFLOW_AUTH_FILE: .*: principals\.0\.leads\.0: billing is not one of the principal's departments \(frontline\)/,
    );
    expect(thrown(lead('intake', 'frontline', 'frontline'))).toMatch(
      /principals\.0\.leads: only an agent can lead a department/,
    );
    expect(() => loadAuthFile(lead('agent', 'frontline, billing', 'billing'), undefined)).not.toThrow();
  });

  it('names a missing file', () => {
    expect(() => loadAuthFile('/nonexistent/auth.yaml', undefined)).toThrow(
      /CASEFLOW_AUTH_FILE: cannot read \/nonexistent\/auth.yaml/,
    );
  });
});
