/**
 * The modules the worker's V8 context shares between workflows (workflows/shared-modules.ts) must be the
 * very files the workflows import: a name that resolves elsewhere would bundle a second, unshared copy.
 * And they must keep working once the SDK has frozen what they export, as it does to shared modules.
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

/** What the SDK's reusable V8 context does to each shared module's exports (reusable-vm.js, deepFreeze). */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (seen.has(value) || Object.isFrozen(value)) return;
  seen.add(value);
  if (typeof value === 'object')
    for (const key of Reflect.ownKeys(value)) {
      try {
        deepFreeze((value as Record<string | symbol, unknown>)[key], seen);
      } catch {
        // As the SDK: some objects cannot be frozen (typed arrays).
      }
    }
  Object.freeze(value);
}

describe('the shared modules, frozen as the SDK freezes them', () => {
  it('still evaluate CEL, with matches() on RE2, and business time', () => {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const modules = [
        require('@marcbachmann/cel-js'),
        require('re2js'),
        require('luxon'),
        require('../../../definitions/expression-regex'),
        require('../../../definitions/expressions'),
        require('../../../workflows/time'),
      ];
      /* eslint-enable @typescript-eslint/no-require-imports */
      for (const exports of modules) deepFreeze(exports);
      const { evaluateExpression } = modules[4] as typeof import('../../../definitions/expressions');
      const time = modules[5] as typeof import('../../../workflows/time');
      const context = { case: { text: `Outage ${'a'.repeat(50)}!` }, vars: { xs: [1, 2, 3] } };
      expect(evaluateExpression('case.text.matches("(a+)+$")', context)).toBe(false);
      expect(evaluateExpression('case.text.matches("(?i)\\\\bOUTAGE\\\\b")', context)).toBe(true);
      expect(evaluateExpression('vars.xs.filter(x, string(x).matches("^[12]$"))', context)).toEqual([1, 2]);
      expect(evaluateExpression('vars.xs.map(x, x * 2.5)', context)).toEqual([2.5, 5, 7.5]);
      const calendar = {
        id: 'office',
        timezone: 'Europe/Berlin',
        alwaysOpen: false,
        hours: { 1: [{ startMinute: 540, endMinute: 1020 }], 2: [{ startMinute: 540, endMinute: 1020 }] },
        holidays: ['2024-01-02'],
      };
      // Monday 2024-01-01 11:00 Berlin + 10 business hours: 6 that day, Tuesday a holiday, 4 on Monday 8th.
      expect(time.addBusinessTime(calendar, Date.parse('2024-01-01T10:00:00Z'), 10 * 3_600_000)).toBe(
        Date.parse('2024-01-08T12:00:00Z'),
      );
    });
  });
});
