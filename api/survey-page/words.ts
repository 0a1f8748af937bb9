/**
 * The survey page's own words (issue 14), in both languages the customer's pages speak. The questions are
 * the template's text as written; everything around them — title, scale, comment, button, thank-you and
 * the refusals — is said here, so a zh case gets a Chinese page whatever language its template is in.
 */
import type { CustomerLanguage } from '../../contract';

export interface PageWords {
  /** The page title and heading. */
  title: string;
  /** Under the heading: what the case was about. */
  about: (subject: string) => string;
  intro: string;
  /** The words of scores 1–5 on the usual scale. */
  scale: readonly [string, string, string, string, string];
  /** For another range: what its ends mean. */
  ends: (min: number, max: number) => string;
  comment: string;
  commentHint: (max: number) => string;
  submit: string;
  /** Above the form when an answer was refused. */
  fixAnswers: string;
  thanksTitle: string;
  thanks: string;
  refused: Record<RefusalKind, { title: string; text: string }>;
}

/** Why the page cannot show a survey (each a kind page, never a stack trace). */
export type RefusalKind = 'invalid' | 'expired' | 'earlier' | 'answered' | 'gone' | 'tooLong' | 'trouble';

export const pageWords: Record<CustomerLanguage, PageWords> = {
  en: {
    title: 'How did we do?',
    about: (subject) => `About your request: ${subject}`,
    intro: 'Please rate each question from 1 (very poor) to 5 (excellent). It takes under a minute.',
    scale: ['Very poor', 'Poor', 'Fair', 'Good', 'Excellent'],
    ends: (min, max) => `${min} = very poor, ${max} = excellent`,
    comment: 'Anything else you want to tell us? (optional)',
    commentHint: (max) => `Up to ${max} characters.`,
    submit: 'Send my answers',
    fixAnswers: 'Please choose a score for every question, then send again.',
    thanksTitle: 'Thank you!',
    thanks: 'We have your answers. They help us serve you better. You can close this page.',
    refused: {
      invalid: {
        title: 'This link does not work',
        text: 'This survey link is not valid. Please open the link exactly as we sent it to you.',
      },
      expired: {
        title: 'This survey has closed',
        text: 'The time to answer this survey has passed. Thank you all the same — you can always contact us again.',
      },
      earlier: {
        title: 'This link is out of date',
        text: 'We have since sent you a newer survey for this request. Please use the latest link we sent.',
      },
      answered: {
        title: 'Already answered',
        text: 'This survey has been answered already, or is no longer open. Thank you for your time.',
      },
      gone: { title: 'Survey not available', text: 'This survey is no longer available.' },
      tooLong: {
        title: 'Your comment is too long',
        text: 'Please go back, shorten your comment and send it again.',
      },
      trouble: {
        title: 'Something went wrong',
        text: 'We could not take your answers just now. Please try again in a few minutes.',
      },
    },
  },
  zh: {
    title: '您对我们的服务满意吗？',
    about: (subject) => `关于您的问题：${subject}`,
    intro: '请为每个问题打分：1 分（很差）到 5 分（很好）。不到一分钟即可完成。',
    scale: ['很差', '较差', '一般', '较好', '很好'],
    ends: (min, max) => `${min} = 很差，${max} = 很好`,
    comment: '还有其他想告诉我们的吗？（选填）',
    commentHint: (max) => `最多 ${max} 个字符。`,
    submit: '提交评价',
    fixAnswers: '请为每个问题选择一个分数，然后再次提交。',
    thanksTitle: '感谢您的评价！',
    thanks: '我们已收到您的评价，这将帮助我们更好地为您服务。您可以关闭此页面。',
    refused: {
      invalid: { title: '链接无效', text: '此调查链接无效。请按我们发送给您的原样打开链接。' },
      expired: {
        title: '调查已结束',
        text: '此调查的答复期限已过。仍然感谢您，如有需要欢迎随时联系我们。',
      },
      earlier: {
        title: '链接已过期',
        text: '我们之后已就此问题向您发送了新的调查，请使用最新的链接。',
      },
      answered: { title: '已经提交过了', text: '此调查已经答复，或已不再开放。感谢您抽出时间。' },
      gone: { title: '调查不可用', text: '此调查已不再可用。' },
      tooLong: { title: '留言过长', text: '请返回上一页，缩短留言后再次提交。' },
      trouble: { title: '出了点问题', text: '暂时无法接收您的评价，请几分钟后再试。' },
    },
  },
};
