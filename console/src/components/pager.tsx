/**
 * Previous / Next over a list the API pages with `limit` and `offset` (`{ items, total }`), and where the rows
 * on screen sit in it ("1–50 of 10,000"), announced when it changes. One for the inbox and the cases list.
 */
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    pages: 'Pages',
    previous: 'Previous',
    next: 'Next',
    range: '{from}–{to} of {total}',
    empty: '0 of 0',
  },
  zh: {
    pages: '翻页',
    previous: '上一页',
    next: '下一页',
    range: '第 {from}–{to} 条，共 {total} 条',
    empty: '共 0 条',
  },
});

export interface PagerProps {
  /** The offset of the rows shown. */
  offset: number;
  /** How many rows are shown. */
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}

export function Pager({ offset, shown, total, pageSize, onOffset }: PagerProps) {
  const { t, locale } = useWords(dict);
  const n = (x: number) => x.toLocaleString(locale);
  return (
    <nav class="pager" aria-label={t('pages')}>
      <button
        type="button"
        class="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        {t('previous')}
      </button>
      <span role="status">
        {shown === 0
          ? t('empty')
          : t('range', { from: n(offset + 1), to: n(offset + shown), total: n(total) })}
      </span>
      <button
        type="button"
        class="secondary"
        disabled={offset + pageSize >= total}
        onClick={() => onOffset(offset + pageSize)}
      >
        {t('next')}
      </button>
    </nav>
  );
}
