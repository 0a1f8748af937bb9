import {
  attributeReferences,
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  ExpressionError,
  type ExpressionContext,
} from '../../../definitions/expressions';

const context: ExpressionContext = {
  case: {
    channel: 'web',
    customer: { id: 'c-1', tier: 'vip' },
    subject: '无法登录',
    description: 'Outage since 9am',
    attributes: { affectedCustomers: 150, ratio: 0.75, nested: { count: 2 } },
    tags: ['vip'],
    flags: ['blocklisted'],
  },
  vars: { lookup: { balance: 12.5, orders: [1, 2] } },
  survey: { speed: 2, ability: 5 },
  now: '2026-01-05T08:00:00Z',
};

describe('checkExpression', () => {
  it('accepts expressions on every variable', () => {
    for (const source of [
      'case.customer.tier == "vip"',
      'case.text.contains("退款")',
      '"blocklisted" in case.flags',
      'case.attributes.affectedCustomers > 100',
      'vars.lookup.balance < 100.0',
      'survey.speed <= 2',
      'now > timestamp("2020-01-01T00:00:00Z")',
      '["outage", "中断"].exists(w, case.text.lowerAscii().contains(w))',
    ]) {
      expect(checkExpression(source, 'bool')).toEqual({ ok: true, type: 'bool' });
    }
  });

  it('rejects unknown variables with their offset', () => {
    expect(checkExpression('kase.channel == "web"')).toEqual({
      ok: false,
      message: "unknown variable 'kase' (expected case, vars, survey or now)",
      offset: 0,
    });
  });

  it('rejects unknown fields of case and customer', () => {
    const result = checkExpression('case.customer.level == "vip"');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('level'), offset: 14 });
    expect(checkExpression('case.colour == "red"')).toMatchObject({ ok: false, offset: 5 });
  });

  it('reports syntax errors', () => {
    expect(checkExpression('case.priority ==')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Unexpected'),
    });
    expect(checkExpression('   ')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
  });

  it('checks the result type a place expects', () => {
    expect(checkExpression('case.channel', 'bool')).toMatchObject({
      ok: false,
      message: expect.stringContaining('bool'),
    });
    expect(checkExpression('case.channel', 'string')).toEqual({ ok: true, type: 'string' });
    expect(checkExpression('case.attributes.x', 'bool')).toMatchObject({ ok: true });
  });

  it('rejects type errors', () => {
    expect(checkExpression('case.channel + 1')).toMatchObject({ ok: false });
  });
});

describe('evaluateExpression', () => {
  it('compares JSON numbers with int and double literals', () => {
    expect(evaluateCondition('case.attributes.affectedCustomers > 100', context)).toBe(true);
    expect(evaluateCondition('case.attributes.affectedCustomers > 150.5', context)).toBe(false);
    expect(evaluateCondition('case.attributes.ratio < 1', context)).toBe(true);
    expect(evaluateCondition('case.attributes.nested.count == 2', context)).toBe(true);
  });

  it('does mixed arithmetic and never returns a bigint', () => {
    expect(evaluateExpression('case.attributes.affectedCustomers + 1', context)).toBe(151);
    expect(evaluateExpression('case.attributes.ratio * 2', context)).toBe(1.5);
    expect(evaluateExpression('case.attributes.affectedCustomers * 0.5', context)).toBe(75);
    expect(evaluateExpression('vars.lookup.orders', context)).toEqual([1, 2]);
    expect(evaluateExpression('{"n": 1, "m": [2]}', context)).toEqual({ n: 1, m: [2] });
  });

  it('returns timestamps as ISO strings and durations as milliseconds', () => {
    expect(evaluateExpression('now', context)).toBe('2026-01-05T08:00:00.000Z');
    expect(evaluateExpression('duration("90s")', context)).toBe(90000);
    expect(evaluateExpression('case.customer', context)).toMatchObject({ id: 'c-1', tier: 'vip', name: '' });
  });

  it('derives text from subject and description', () => {
    expect(evaluateExpression('case.text', context)).toBe('无法登录 Outage since 9am');
    expect(evaluateCondition('case.text.contains("无法")', context)).toBe(true);
  });

  it('reads absent fields as empty values', () => {
    expect(evaluateCondition('case.customer.email == "" && size(case.tags) == 0', { case: {} })).toBe(true);
  });

  it('throws a typed error for run-time failures', () => {
    const run = () => evaluateCondition('vars.missing == 1', context);
    expect(run).toThrow(ExpressionError);
    expect(run).toThrow(/missing/);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'evaluation', source: 'vars.missing == 1' });
    }
  });

  it('throws when a condition is not a bool', () => {
    expect(() => evaluateCondition('case.channel', context)).toThrow(
      expect.objectContaining({ kind: 'result' }) as Error,
    );
    expect(() => evaluateCondition('case.attributes.ratio', context)).toThrow(
      expect.objectContaining({ kind: 'result' }) as Error,
    );
  });

  it('throws for expressions that do not parse', () => {
    expect(() => evaluateExpression('1 +', context)).toThrow(
      expect.objectContaining({ kind: 'parse' }) as Error,
    );
  });

  it('is stable across repeated (cached) evaluations', () => {
    for (let i = 0; i < 3; i++)
      expect(evaluateCondition('survey.speed <= 2 || survey.ability <= 2', context)).toBe(true);
  });
});

describe('attributeReferences', () => {
  it('finds attribute names and offsets', () => {
    expect(
      attributeReferences('case.attributes.affectedCustomers > 1 && case.attributes["appointmentAt"] != ""'),
    ).toEqual([
      { name: 'affectedCustomers', offset: 16 },
      { name: 'appointmentAt', offset: 57 },
    ]);
    expect(attributeReferences('case.channel == "x"')).toEqual([]);
  });
});

describe('type values', () => {
  it('returns type names as strings', () => {
    expect(evaluateExpression('type(case.channel)', context)).toBe('string');
  });
});
