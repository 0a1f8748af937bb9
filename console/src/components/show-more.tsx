/**
 * A long list shown a slice at a time: the first `step` rows, then `step` more per "Show more". For answers
 * the API gives whole (a backtest's differing cases, a migration's cases), which can run to thousands of
 * rows: the page stays quick and a screen reader hears how many are shown.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    more: 'Show {count} more',
    shown: '{shown} of {total} shown',
  },
  zh: {
    more: '再显示 {count} 条',
    shown: '已显示 {shown} 条，共 {total} 条',
  },
});

/** How many rows to show, and the button that shows more; starts again when `key` changes (a new answer). */
export function useShowMore(
  total: number,
  step: number,
  key: unknown,
): { shown: number; more: JSX.Element | null } {
  const { t } = useWords(dict);
  const [shown, setShown] = useState(step);
  useEffect(() => setShown(step), [key, step]);
  const visible = Math.min(shown, total);
  const more =
    total > visible ? (
      <p class="toolbar show-more">
        <span role="status">{t('shown', { shown: visible, total })}</span>
        <button type="button" class="secondary" onClick={() => setShown(shown + step)}>
          {t('more', { count: Math.min(step, total - visible) })}
        </button>
      </p>
    ) : null;
  return { shown: visible, more };
}
