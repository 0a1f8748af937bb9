/**
 * The customer's survey page (issue 14): its words in both languages, every shown value escaped, one radio
 * group per question named by its id, the language rule, and how a posted form becomes answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/paths';
import { compileTemplate } from '../../../definitions/compile';
import { caseLanguage } from '../../../cases/case-language';
import { CaseError } from '../../../cases/case-error';
import { surveyRefusals } from '../../../cases/survey';
import { HttpProblem } from '../../../api/problem';
import { browserLanguage, pageLanguage } from '../../../api/survey-page/language';
import { refusalPage, surveyPage, thanksPage } from '../../../api/survey-page/render';
import { formAnswers, refusalOf } from '../../../api/survey-page/respond';

const survey = {
  subject: 'Cannot log in',
  questions: [
    { id: 'speed', text: 'How quickly did we solve your issue?', min: 1, max: 5 },
    { id: 'ability', text: 'How well did we fix it?', min: 1, max: 5 },
  ],
  comment: { maxLength: 5000 },
};

describe('the survey form', () => {
  it('has a group of radio buttons 1–5 per question, named by its id, a comment and a button', () => {
    const html = surveyPage('en', survey);
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<form method="post">/);
    for (const id of ['speed', 'ability'])
      for (const score of [1, 2, 3, 4, 5])
        expect(html).toContain(`<input type="radio" name="${id}" value="${score}"`);
    expect(html.match(/<fieldset><legend>/g)).toHaveLength(2);
    expect(html).toContain('<legend>How quickly did we solve your issue?</legend>');
    expect(html).toMatch(/<label class="comment" for="comment">[^<]+<\/label>/);
    expect(html).toContain('maxlength="5000"');
    expect(html).toContain('<button type="submit">Send my answers</button>');
    expect(html).toContain('Very poor');
    expect(html).toContain('Excellent');
    // No script at all: the page works without JavaScript and under the CSP.
    expect(html).not.toMatch(/<script/i);
  });

  it('speaks Chinese for a zh case', () => {
    const html = surveyPage('zh', survey);
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toContain('提交评价');
    expect(html).toContain('很差');
    expect(html).toContain('关于您的问题：Cannot log in');
    expect(thanksPage('zh')).toContain('感谢您的评价');
    expect(refusalPage('zh', 'expired')).toContain('调查已结束');
    expect(refusalPage('en', 'answered')).toContain('Already answered');
  });

  it('escapes every value it shows', () => {
    const hostile = surveyPage(
      'en',
      {
        subject: '<script>alert(1)</script>',
        questions: [{ id: '"><img src=x onerror=alert(1)>', text: '<b>&bold</b>', min: 1, max: 5 }],
        comment: { maxLength: 10 },
      },
      { values: { comment: '</textarea><script>x</script>' } },
    );
    expect(hostile).not.toMatch(/<script|<img|<b>&bold|<\/textarea><script/);
    expect(hostile).toContain('&#60;b&#62;&#38;bold&#60;/b&#62;');
    expect(hostile).toContain('role="alert"');
  });

  it('asks a question in the page’s language when the template gives both', () => {
    const both = {
      ...survey,
      questions: [
        { id: 'speed', text: 'How fast?', texts: { en: 'How fast?', zh: '多快？' }, min: 1, max: 5 },
      ],
    };
    expect(surveyPage('zh', both)).toContain('<legend>多快？</legend>');
    expect(surveyPage('en', both)).toContain('<legend>How fast?</legend>');
  });

  it('compiles a question given as { en, zh } to text (its English) and texts; a plain one is unchanged', () => {
    const source = readFileSync(join(projectRoot, 'definitions', 'customer-issue', 'v1.yaml'), 'utf8');
    const plain = compileTemplate(source, 'v1.yaml');
    const both = compileTemplate(
      source.replace(
        'text: How courteous were we?,',
        'text: { en: How courteous were we?, zh: 态度如何？ },',
      ),
      'v1.yaml',
    );
    if (!plain.ok || !both.ok) throw new Error('the standard template does not compile');
    const questions = (plan: typeof plain.plan) =>
      (plan.steps.survey as { questions: Array<Record<string, unknown>> }).questions;
    expect(questions(plain.plan)[2]).toEqual({
      id: 'attitude',
      text: 'How courteous were we?',
      min: 1,
      max: 5,
    });
    expect(questions(both.plan)[2]).toEqual({
      id: 'attitude',
      text: 'How courteous were we?',
      texts: { en: 'How courteous were we?', zh: '态度如何？' },
      min: 1,
      max: 5,
    });
  });

  it('labels the ends of another range, and keeps a refused form’s choices', () => {
    const html = surveyPage(
      'en',
      { ...survey, questions: [{ id: 'nps', text: 'Recommend us?', min: 0, max: 10 }] },
      { values: { nps: '7' } },
    );
    expect(html).toContain('0 = very poor, 10 = excellent');
    expect(html).toContain('<input type="radio" name="nps" value="7" checked>');
    expect(html.match(/type="radio"/g)).toHaveLength(11);
  });
});

describe('the language', () => {
  it('is the customer’s, else zh for a Chinese subject, else the browser’s', () => {
    expect(caseLanguage({ customer: { language: 'en' }, subject: '无法登录' })).toBe('en');
    expect(caseLanguage({ customer: {}, subject: '无法登录' })).toBe('zh');
    expect(caseLanguage({ customer: {}, subject: 'Cannot log in' })).toBeUndefined();
    expect(pageLanguage(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(pageLanguage(undefined, 'en-GB,zh;q=0.5')).toBe('en');
    expect(pageLanguage('zh', 'en-GB')).toBe('zh');
    expect(browserLanguage('fr-FR, de;q=0.8')).toBe('en');
    expect(browserLanguage('fr-FR, zh-TW;q=0.3')).toBe('zh');
    expect(browserLanguage(undefined)).toBe('en');
  });
});

describe('a posted form', () => {
  it('becomes the same answers as JSON: scores as integers, an empty comment left out', () => {
    expect(formAnswers({ speed: '5', ability: '2', comment: '' })).toEqual({ speed: 5, ability: 2 });
    expect(formAnswers({ speed: '4', comment: 'great' })).toEqual({ speed: 4, comment: 'great' });
    expect(formAnswers({ speed: 'five' })).toEqual({ speed: 'five' });
  });

  it('maps each refusal to its kind page and status', () => {
    expect(refusalOf(new CaseError('forbidden', surveyRefusals.forged))).toMatchObject({
      kind: 'invalid',
      status: 403,
    });
    expect(refusalOf(new CaseError('forbidden', surveyRefusals.expired))).toMatchObject({
      kind: 'expired',
      status: 403,
    });
    expect(
      refusalOf(new CaseError('forbidden', 'this survey link belongs to an earlier survey of this case')),
    ).toMatchObject({ kind: 'earlier', status: 403 });
    expect(refusalOf(new CaseError('conflict', 'not waiting'))).toMatchObject({
      kind: 'answered',
      status: 409,
    });
    expect(refusalOf(new CaseError('not-found', 'gone'))).toMatchObject({ kind: 'gone', status: 404 });
    expect(refusalOf(new CaseError('invalid', 'bad'))).toMatchObject({ status: 422 });
    expect(refusalOf(new HttpProblem(413, 'Content Too Large'))).toMatchObject({
      kind: 'tooLong',
      status: 413,
    });
    expect(refusalOf(new Error('boom'))).toEqual({ kind: 'trouble', status: 500, unexpected: true });
  });
});
