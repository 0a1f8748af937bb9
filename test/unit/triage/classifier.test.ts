/** The naive Bayes classifier: it learns from labelled token lists, explains itself, and stays sane. */
import fc from 'fast-check';
import { predict, train, type TextModel } from '../../../triage/classifier';
import { tokens } from '../../../triage/tokens';

const examples = [
  ['我要退款 发票 开错了', 'billing'],
  ['refund my invoice please, charged twice', 'billing'],
  ['账单 扣费 不对', 'billing'],
  ['宽带 无法 上网 报错', 'technical'],
  ['router error cannot connect', 'technical'],
  ['网络 中断 故障', 'technical'],
  ['退货 换货 申请', 'after-sales'],
  ['broken screen needs repair under warranty', 'after-sales'],
].map(([text, label]) => ({ tokens: tokens(text!), label: label! }));

describe('naive Bayes classifier', () => {
  const model = train(examples);

  it('predicts the label whose words a text shares, in either language', () => {
    expect(predict(model, tokens('refund the double charge'))?.label).toBe('billing');
    expect(predict(model, tokens('网络 报错 无法 连接'))?.label).toBe('technical');
    expect(predict(model, tokens('我想退货'))?.label).toBe('after-sales');
  });

  it('explains a prediction by the words that favoured it, strongest first, at most 5', () => {
    const p = predict(model, tokens('refund refund invoice router'))!;
    expect(p.label).toBe('billing');
    expect(p.because[0]).toMatch(/refund|invoice/);
    expect(p.because).not.toContain('router');
    const long = predict(model, tokens('refund invoice charged twice 退款 发票 账单 扣费'))!;
    expect(long.because.length).toBe(5);
  });

  it('is more confident the more evidence a text carries', () => {
    const weak = predict(model, tokens('refund'))!;
    const strong = predict(model, tokens('refund invoice charged 发票 账单'))!;
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
  });

  it('falls back to the priors for words it never saw, and says it knew none', () => {
    const p = predict(model, tokens('zebra giraffe'))!;
    expect(p.known).toBe(0);
    expect(p.because).toEqual([]);
    expect(p.confidence).toBeCloseTo(3 / 8);
  });

  it('survives a JSON round trip, tokens named like Object properties included', () => {
    const odd = train([
      { tokens: ['__proto__', 'constructor'], label: 'a' },
      { tokens: ['tostring', 'hasownproperty'], label: 'b' },
    ]);
    const back = JSON.parse(JSON.stringify(odd)) as TextModel;
    expect(predict(back, ['__proto__'])?.label).toBe('a');
    expect(predict(back, ['constructor', '__proto__'])).toEqual(predict(odd, ['constructor', '__proto__']));
  });

  it('has nothing to say without labels', () => {
    expect(predict(train([]), ['refund'])).toBeUndefined();
  });

  const token = fc.oneof(
    fc.constantFrom('refund', '退款', 'router', '__proto__', 'constructor'),
    fc.string(),
  );
  const example = fc.record({
    tokens: fc.array(token, { maxLength: 8 }),
    label: fc.string({ maxLength: 6 }),
  });

  it('property: the confidence is a probability in (0, 1] and the label is one it learnt', () => {
    fc.assert(
      fc.property(fc.array(example, { minLength: 1, maxLength: 20 }), fc.array(token), (training, text) => {
        const m = train(training);
        const p = predict(m, text)!;
        expect(p.confidence).toBeGreaterThan(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
        expect(m.labels).toContain(p.label);
        expect(p.because.length).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('property: a model trained on one label always predicts it, with certainty', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(token), { minLength: 1 }),
        fc.string(),
        fc.array(token),
        (docs, label, text) => {
          const p = predict(train(docs.map((t) => ({ tokens: t, label }))), text)!;
          expect(p.label).toBe(label);
          expect(p.confidence).toBe(1);
        },
      ),
    );
  });
});
