/**
 * Loading: YAML text → plain data plus a map back to source positions. Kept apart from validation (as
 * zigflow keeps loader.go apart from its validators): loading only knows YAML, validation only knows the
 * language, and both report through TemplateError.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { TemplateError } from './errors';

export type DocumentPath = ReadonlyArray<string | number>;

export interface LoadedTemplate {
  file: string;
  text: string;
  /** The YAML as plain data (aliases resolved); what the schema validates. */
  data: unknown;
  /** Where a path of the data is in the file; the nearest existing ancestor for a missing key. */
  locate(
    path: DocumentPath,
    options?: { key?: boolean; offsetInValue?: number },
  ): { line: number; column: number };
}

export type LoadResult = { ok: true; template: LoadedTemplate } | { ok: false; errors: TemplateError[] };

/** Aliases may not expand beyond this many nodes (guards against "billion laughs" documents). */
const MAX_ALIAS_COUNT = 1000;

export function loadTemplateSource(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    return {
      ok: false,
      errors: [{ file, line: 1, column: 1, message: `not readable as YAML: ${String(error)}` }],
    };
  }
  if (doc.errors.length > 0) {
    // After the first syntax error the parser is guessing and what follows is mostly its consequences;
    // duplicate keys in a file that is otherwise well-formed are independent, so all of those are reported.
    const [first] = doc.errors;
    const reported = doc.errors.filter(
      (e) => e === first || (first?.code === 'DUPLICATE_KEY' && e.code === 'DUPLICATE_KEY'),
    );
    const errors = reported.map((e) => {
      const key = (/^[^:\n]*/.exec(text.slice(e.pos[0]))?.[0] ?? '').trim();
      const message =
        e.code === 'DUPLICATE_KEY' && key
          ? `invalid YAML: key '${key}' appears twice in the same map`
          : yamlMessage(e.message);
      return { file, ...at(e.pos[0]), message };
    });
    return { ok: false, errors };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ file, line: 1, column: 1, message: yamlMessage(message) }] };
  }
  const locate: LoadedTemplate['locate'] = (path, options = {}) => {
    const found = walk(doc, path);
    const node = options.key && found.exact && found.key ? found.key : found.node;
    const start = node?.range?.[0] ?? 0;
    if (
      options.offsetInValue !== undefined &&
      found.exact &&
      isScalar(node) &&
      typeof node.value === 'string'
    ) {
      // Map an offset inside the value (a CEL error) into the file when the value is written verbatim.
      const written = text.slice(start, node.range?.[1] ?? start);
      const index = written.indexOf(node.value);
      if (index >= 0) return at(start + index + options.offsetInValue);
    }
    return at(start);
  };
  return { ok: true, template: { file, text, data, locate } };
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}

interface Found {
  node: Node | null;
  key: Node | null;
  /** false when the path ended early and `node` is the nearest existing ancestor. */
  exact: boolean;
}

function walk(doc: Document.Parsed, path: DocumentPath): Found {
  let node: Node | null = doc.contents;
  let key: Node | null = null;
  for (const segment of path) {
    const resolved: unknown = isAlias(node) ? node.resolve(doc) : node;
    let next: Node | null = null;
    if (isMap(resolved)) {
      const pair = resolved.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair) {
        key = pair.key as Node;
        next = (pair.value as Node | null) ?? (pair.key as Node);
      }
    } else if (isSeq(resolved) && typeof segment === 'number') {
      next = (resolved.items[segment] as Node | undefined) ?? null;
      key = null;
    }
    if (!next) return { node, key, exact: false };
    node = next;
  }
  return { node, key, exact: true };
}
