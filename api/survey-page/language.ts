/**
 * Which language the survey page speaks (SPEC §10: "zh and en by the case's language"): the case's
 * (cases/case-language.ts: the customer's language from intake, else zh for a Chinese subject) when it has
 * one, else the browser's Accept-Language — the only hint on a refusal page for a link naming no case.
 */
import type { CustomerLanguage } from '../../contract';

/** The page's language: the case's when known, else the browser's. */
export function pageLanguage(
  caseLang: CustomerLanguage | undefined,
  acceptLanguage: string | undefined,
): CustomerLanguage {
  return caseLang ?? browserLanguage(acceptLanguage);
}

/** zh or en, whichever the Accept-Language header ranks first (en when it names neither). */
export function browserLanguage(acceptLanguage: string | undefined): CustomerLanguage {
  let best: { lang: CustomerLanguage; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : undefined;
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'en';
}
