/**
 * zh and en (issue 14, SPEC §10): the console follows the browser's language (navigator.languages: the first
 * that is Chinese or English wins) until the person picks one, which the tab remembers. Each page keeps its
 * own words beside it (`words({ en: {...}, zh: {...} })`), typed so that a word missing in one language
 * fails to compile.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Lang = 'en' | 'zh';
export const langs: readonly Lang[] = ['en', 'zh'];

const pickKey = 'caseflow.lang';

/** The language to start with: the tab's choice, else the browser's first zh or en, else English. */
export function initialLang(): Lang {
  const picked = sessionStorage.getItem(pickKey);
  if (picked === 'en' || picked === 'zh') return picked;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'zh' || primary === 'en') return primary;
  }
  return 'en';
}

export function rememberLang(lang: Lang): void {
  sessionStorage.setItem(pickKey, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({
  lang: 'en',
  setLang: () => undefined,
});

/** A dictionary: the English words, and the same keys in Chinese. */
export type Words<K extends string> = { en: Record<K, string>; zh: Record<K, string> };

/** Declares a page's words; the type makes both languages carry every key. */
export function words<K extends string>(dict: Words<K>): Words<K> {
  return dict;
}

/** `{name}` placeholders filled from `params`. */
function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/** The translator of a dictionary in the current language, and the language (for dates and numbers). */
export function useWords<K extends string>(
  dict: Words<K>,
): { t: (key: K, params?: Record<string, string | number>) => string; lang: Lang; locale: string } {
  const { lang } = useContext(LangContext);
  return {
    t: (key, params) => fill(dict[lang][key], params),
    lang,
    locale: lang === 'zh' ? 'zh-CN' : 'en-GB',
  };
}
