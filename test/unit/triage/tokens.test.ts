/** Bilingual tokens: Chinese split into words without spaces, English lower-cased, noise dropped. */
import { caseTokens, tokens } from '../../../triage/tokens';

describe('tokens', () => {
  it('splits Chinese written without spaces into words', () => {
    expect(tokens('网络无法连接')).toEqual(['网络', '无法', '连接']);
    expect(tokens('手机屏幕需要维修')).toEqual(['手机', '屏幕', '需要', '维修']);
  });

  it('lower-cases English words and drops punctuation, numbers alone and stop words', () => {
    expect(tokens('The Router shows ERROR 651, again!')).toEqual(['router', 'shows', 'error', 'again']);
  });

  it('drops Chinese function words and punctuation', () => {
    const words = tokens('我的发票，请尽快处理了。');
    expect(words).toContain('发票');
    expect(words).not.toContain('我的');
    expect(words).not.toContain('了');
    expect(words).not.toContain('，');
  });

  it('reads mixed text in one pass, keeping words with digits in them', () => {
    const words = tokens('iPhone15 屏幕坏了 need a repair');
    expect(words).toEqual(expect.arrayContaining(['iphone15', '屏幕', 'need', 'repair']));
    expect(words).not.toContain('a');
  });

  it('keeps repeats (the classifier counts them) and never throws on empty or odd text', () => {
    expect(tokens('refund refund')).toEqual(['refund', 'refund']);
    expect(tokens('')).toEqual([]);
    expect(tokens(' ,,, 123 !!! ')).toEqual([]);
    expect(tokens('\u0000\uFFFF')).toEqual([]);
  });

  it('folds full-width letters to their ordinary form', () => {
    expect(tokens('ＲＥＦＵＮＤ')).toEqual(['refund']);
  });

  it('reads a case as its subject and description together', () => {
    expect(caseTokens('Invoice wrong', undefined)).toEqual(['invoice', 'wrong']);
    expect(caseTokens('Invoice', '发票错误')).toEqual(expect.arrayContaining(['invoice', '发票', '错误']));
  });
});
