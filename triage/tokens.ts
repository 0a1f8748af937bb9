/**
 * Bilingual tokens for learned triage (issue 17, SPEC §12): the words of a case's subject and description,
 * in Chinese and English, as the classifier (triage/classifier.ts) and the similar-case search count them.
 *
 * Chinese is written without spaces, so splitting on whitespace would make a whole sentence one "word".
 * Node's ICU carries a dictionary word breaker: `Intl.Segmenter('zh', { granularity: 'word' })` splits
 * Chinese into words and English on spaces and punctuation in one pass, with no package and no download.
 * Only word-like segments count; numbers alone (order ids, amounts, years) say nothing about where a case
 * belongs and would make every case look unique, so they go, as do the commonest function words.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Function words of both languages: frequent everywhere, so they weigh nothing but noise. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // English
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'been',
  'but',
  'by',
  'did',
  'do',
  'does',
  'for',
  'from',
  'had',
  'has',
  'have',
  'he',
  'her',
  'his',
  'i',
  'if',
  'in',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'she',
  'so',
  'that',
  'the',
  'their',
  'them',
  'there',
  'they',
  'this',
  'to',
  'was',
  'we',
  'were',
  'will',
  'with',
  'you',
  'your',
  'am',
  'im',
  "i'm",
  'please',
  'hi',
  'hello',
  // Chinese
  '的',
  '了',
  '是',
  '在',
  '我',
  '我的',
  '你',
  '你们',
  '您',
  '他',
  '她',
  '它',
  '我们',
  '和',
  '与',
  '及',
  '或',
  '也',
  '都',
  '就',
  '还',
  '又',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '哦',
  '嗯',
  '着',
  '过',
  '把',
  '被',
  '给',
  '对',
  '这',
  '那',
  '这个',
  '那个',
  '一个',
  '有',
  '没',
  '很',
  '请',
  '您好',
  '你好',
  '谢谢',
]);

/** A segment with a letter or a CJK character in it: not punctuation, not a number alone. */
const hasLetter = /\p{L}/u;

/**
 * The tokens of a text, in order, lower-cased (English; Chinese has no case), repeats kept: the classifier
 * counts them. Never throws; an empty or punctuation-only text has no tokens.
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize('NFKC'))) {
    if (isWordLike !== true) continue;
    const word = segment.toLowerCase();
    if (!hasLetter.test(word) || STOP_WORDS.has(word)) continue;
    out.push(word);
  }
  return out;
}

/** The tokens of a case: its subject and its description as one text. */
export function caseTokens(subject: string, description: string | undefined): string[] {
  return tokens(`${subject}\n${description ?? ''}`);
}
