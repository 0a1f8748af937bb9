/**
 * A template's flow drawn from its compiled graph (issue 14): the API's Mermaid flowchart text, rendered to
 * SVG in the browser. Mermaid is large (most of the console's bytes), so it is imported only here, lazily:
 * Vite makes it a chunk of its own that only the template page fetches. `securityLevel: 'strict'` makes
 * Mermaid sanitise labels (DOMPurify) and bind no click handlers, so the SVG carries no script and the
 * API's Content-Security-Policy (script-src 'self') needs no exception; its inline <style> is allowed by
 * helmet's style-src 'unsafe-inline'. The Mermaid text stays in a <details> below as the text alternative.
 */
import { useEffect, useState } from 'preact/hooks';
import { useWords, words } from '../i18n';

const dict = words({
  en: {
    caption: 'Flow of {name} v{version}',
    drawing: 'Drawing the flow…',
    failed: 'The flow could not be drawn: {reason}',
    source: 'The flow as text (Mermaid)',
  },
  zh: {
    caption: '{name} v{version} 的流程',
    drawing: '正在绘制流程…',
    failed: '流程图无法绘制：{reason}',
    source: '流程的文本形式（Mermaid）',
  },
});

type Mermaid = (typeof import('mermaid'))['default'];
let loading: Promise<Mermaid> | undefined;

/** Mermaid, loaded and initialised once per page. */
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(({ default: mermaid }) => {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
    return mermaid;
  });
  return loading;
}

let renders = 0;

/**
 * The flowchart with an accessible title: Mermaid's `accTitle` becomes the SVG's <title>, which its
 * aria-labelledby names, so the picture is announced by what it shows.
 */
function withTitle(text: string, title: string): string {
  const [first = '', ...rest] = text.split('\n');
  return [first, `  accTitle: ${title.replace(/[\r\n]/g, ' ')}`, ...rest].join('\n');
}

export function FlowDiagram({ name, version, mermaid }: { name: string; version: number; mermaid: string }) {
  const { t } = useWords(dict);
  const [svg, setSvg] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const caption = t('caption', { name, version });
  const captionId = `flow-caption-${name}-${version}`;

  useEffect(() => {
    let current = true;
    setSvg(undefined);
    setFailure(undefined);
    loadMermaid()
      .then((m) => m.render(`flow-svg-${++renders}`, withTitle(mermaid, caption)))
      .then((result) => current && setSvg(result.svg))
      .catch((err: unknown) => current && setFailure(err instanceof Error ? err.message : String(err)));
    return () => {
      current = false;
    };
  }, [mermaid, caption]);

  return (
    <figure class="flow" aria-labelledby={captionId}>
      <figcaption id={captionId}>{caption}</figcaption>
      {svg ? (
        // Mermaid's own output, sanitised by its strict security level (see the top of this file).
        <div class="flow-svg" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : failure ? (
        <p class="problem" role="alert">
          {t('failed', { reason: failure })}
        </p>
      ) : (
        <p class="hint" role="status">
          {t('drawing')}
        </p>
      )}
      <details>
        <summary>{t('source')}</summary>
        <pre class="code">{mermaid}</pre>
      </details>
    </figure>
  );
}
