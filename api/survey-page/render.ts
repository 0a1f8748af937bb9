/**
 * The customer's survey page (issue 14, SPEC §10), rendered on the server: plain HTML and a <style> block,
 * no script, so it works on any phone and under the API's Content-Security-Policy (style-src allows inline
 * styles; script-src allows none inline). The form posts to its own URL as an ordinary form; the route
 * takes it through the same path as a JSON answer. Every value shown is escaped.
 */
import type { CustomerLanguage } from '../../contract';
import { pageWords, type RefusalKind } from './words';

/** What the page shows of a survey (cases/survey.ts, SurveyView). */
export interface SurveyPageInput {
  subject: string;
  /** `texts`: the question in both languages, when its template gives them. */
  questions: ReadonlyArray<{
    id: string;
    text: string;
    texts?: { en: string; zh: string };
    min: number;
    max: number;
  }>;
  comment: { maxLength: number };
}

/** A refused answer, shown again with what the customer chose. */
export interface SurveyPageRetry {
  values: Record<string, string>;
}

const esc = (text: unknown): string => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const style = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d2430;background:#f4f6f8}
main{max-width:34rem;margin:0 auto;padding:1.25rem 1rem 2.5rem;background:#fff;min-height:100vh}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem}
p{margin:.5rem 0}.about{color:#3d4753;overflow-wrap:anywhere}
fieldset{border:1px solid #c9d0d8;border-radius:10px;margin:1rem 0;padding:.75rem .75rem .9rem;min-width:0}
legend{font-weight:600;padding:0 .3rem;overflow-wrap:anywhere}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(3.5rem,1fr));gap:.4rem;margin-top:.4rem}
.scale label{display:flex;flex-direction:column;align-items:center;gap:.15rem;padding:.45rem .15rem;border:1px solid #c9d0d8;border-radius:8px;text-align:center;font-size:.8rem;line-height:1.2;cursor:pointer;min-height:3rem}
.scale label b{font-size:1.15rem}
.scale input{margin:0;width:1.2rem;height:1.2rem;accent-color:#0b5cad}
.scale label:has(input:checked){border-color:#0b5cad;background:#e8f1fb;box-shadow:0 0 0 1px #0b5cad}
.scale input:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}
.ends{font-size:.85rem;color:#3d4753;margin:.2rem 0 0}
label.comment{display:block;font-weight:600;margin-top:1.25rem}
textarea{display:block;width:100%;min-height:7rem;margin-top:.35rem;padding:.6rem;font:inherit;border:1px solid #6b7683;border-radius:8px}
textarea:focus-visible{outline:3px solid #0b5cad;outline-offset:1px}
.hint{font-size:.85rem;color:#3d4753;margin:.25rem 0 0}
button{display:block;width:100%;margin-top:1.25rem;padding:.85rem 1rem;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:10px;cursor:pointer}
button:focus-visible{outline:3px solid #1d2430;outline-offset:2px}
.error{border-left:4px solid #b3261e;background:#fdecea;color:#6b1a14;padding:.6rem .8rem;border-radius:6px}
`;

function layout(lang: CustomerLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${style}</style></head>
<body><main>
${body}
</main></body></html>`;
}

function questionHtml(
  lang: CustomerLanguage,
  q: SurveyPageInput['questions'][number],
  chosen: string | undefined,
): string {
  const words = pageWords[lang];
  const usual = q.min === 1 && q.max === 5;
  const options: string[] = [];
  for (let score = q.min; score <= q.max; score++) {
    const word = usual ? `<span>${esc(words.scale[score - 1])}</span>` : '';
    const checked = chosen === String(score) ? ' checked' : '';
    // `required` on one radio makes the whole group required: the browser asks before sending.
    const required = score === q.min ? ' required' : '';
    options.push(
      `<label><input type="radio" name="${esc(q.id)}" value="${score}"${checked}${required}>` +
        `<b>${score}</b> ${word}</label>`,
    );
  }
  const ends = usual ? '' : `<p class="ends">${esc(words.ends(q.min, q.max))}</p>`;
  // The question in the page's language when the template gives it so, else as the template words it.
  const text = q.texts?.[lang] ?? q.text;
  return `<fieldset><legend>${esc(text)}</legend>${ends}<div class="scale">${options.join('')}</div></fieldset>`;
}

/** The survey form: one group of radio buttons per question (named by its id), a comment, a button. */
export function surveyPage(lang: CustomerLanguage, survey: SurveyPageInput, retry?: SurveyPageRetry): string {
  const words = pageWords[lang];
  const values = retry?.values ?? {};
  const error = retry ? `<p class="error" role="alert">${esc(words.fixAnswers)}</p>` : '';
  const body = `<h1>${esc(words.title)}</h1>
<p class="about">${esc(words.about(survey.subject))}</p>
<p>${esc(words.intro)}</p>
${error}
<form method="post">
${survey.questions.map((q) => questionHtml(lang, q, values[q.id])).join('\n')}
<label class="comment" for="comment">${esc(words.comment)}</label>
<textarea id="comment" name="comment" maxlength="${survey.comment.maxLength}" aria-describedby="comment-hint">${esc(values.comment ?? '')}</textarea>
<p class="hint" id="comment-hint">${esc(words.commentHint(survey.comment.maxLength))}</p>
<button type="submit">${esc(words.submit)}</button>
</form>`;
  return layout(lang, words.title, body);
}

/** After the answers were taken. */
export function thanksPage(lang: CustomerLanguage): string {
  const words = pageWords[lang];
  return layout(lang, words.thanksTitle, `<h1>${esc(words.thanksTitle)}</h1>\n<p>${esc(words.thanks)}</p>`);
}

/** A kind page for a link that cannot be used (forged, expired, answered, …) or a failure on our side. */
export function refusalPage(lang: CustomerLanguage, kind: RefusalKind): string {
  const { title, text } = pageWords[lang].refused[kind];
  return layout(lang, title, `<h1>${esc(title)}</h1>\n<p>${esc(text)}</p>`);
}
