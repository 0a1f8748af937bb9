/**
 * The modules the worker's V8 context shares between workflows (workflows/shared-modules.ts) must be the
 * very files the workflows import: a name that resolves elsewhere would bundle a second, unshared copy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedWorkflowModules } from '../../../workflows/shared-modules';

const root = join(__dirname, '..', '..', '..');

describe('sharedWorkflowModules', () => {
  it('names our own shared modules beside the workflows entry, TypeScript source or compiled', () => {
    for (const entry of [join(root, 'workflows', 'index.ts'), join(root, 'dist', 'workflows', 'index.js')]) {
      const base = entry.endsWith('.ts') ? root : join(root, 'dist');
      const own = sharedWorkflowModules(entry).filter((name) => name.startsWith('/') || /^[A-Z]:/.test(name));
      expect(own).toEqual([
        join(base, 'definitions', 'expressions'),
        join(base, 'workflows', 'time', 'index'),
      ]);
    }
  });

  it('lists modules that exist: packages the workflows import and our files as webpack resolves them', () => {
    for (const name of sharedWorkflowModules(join(root, 'workflows', 'index.ts'))) {
      if (name.startsWith('/')) expect(existsSync(`${name}.ts`)).toBe(true);
      else expect(() => require.resolve(name)).not.toThrow();
    }
  });
});
