/**
 * Every step kind has its definition in the template language (definitions/steps/) and its handler in the
 * engine (workflows/engine/steps/). Both registries are mapped over the plan's kinds, so a missing entry is
 * already a compile error; this test says so at run time too, and checks what the types cannot: that each
 * definition's schema accepts its own kind, and that the JSON Schema lists the kinds in registry order.
 */
import type { PlanStep, StepKind } from '../../../definitions/plan';
import { templateJsonSchema } from '../../../definitions/schema';
import { STEP_KINDS, stepKinds, stepSchema } from '../../../definitions/steps';
import { handlerOf } from '../../../workflows/engine/steps';

/** Compile-time: no kind of PlanStep lacks a definition (never, or this line does not compile). */
const noneMissing: [Exclude<StepKind, keyof typeof stepKinds>] extends [never] ? true : false = true;

describe('step kinds', () => {
  it('has every kind of the plan in the language registry, under its own name', () => {
    expect(noneMissing).toBe(true);
    expect(STEP_KINDS).toHaveLength(11);
    for (const kind of STEP_KINDS) {
      const definition = stepKinds[kind];
      expect(definition.kind).toBe(kind);
      expect(definition.schema.shape.kind.value).toBe(kind);
    }
  });

  it('has a handler in the engine for every kind', () => {
    for (const kind of STEP_KINDS) {
      const handler = handlerOf({ kind } as PlanStep);
      expect(typeof handler?.enter).toBe('function');
      expect(typeof handler?.onEvent).toBe('function');
      expect(typeof handler?.wakeAt).toBe('function');
    }
  });

  it('lists the kinds in registry order in the schema union and its message', () => {
    const options = (templateJsonSchema() as { properties: { steps: { items: { oneOf: unknown[] } } } })
      .properties.steps.items.oneOf;
    const kinds = options.map(
      (option) => (option as { properties: { kind: { const: string } } }).properties.kind.const,
    );
    expect(kinds).toEqual(STEP_KINDS);
    const refused = stepSchema.safeParse({ id: 'x', kind: 'nope' });
    expect(refused.error?.issues[0]?.message).toBe(`expected kind: ${STEP_KINDS.join(', ')}`);
  });
});
