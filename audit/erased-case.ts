/**
 * The history and timeline of an erased case (issue 16, docs/privacy.md "Erasure"): Temporal's history is
 * immutable, and what the customer wrote in the clear (the subject, the description, the attributes: the
 * rules classify on them) is still in it. Sealed fields read "[erased]" once the key is gone; these texts
 * are found in the history itself and erased from what the auditor is shown, so the answer works on what
 * is left: every event, every decision and every time, without the customer's words.
 */
import type { HistoryJson } from './history-json';

export const ERASED_TEXT = '[erased]';

/** Attribute values shorter than this are kept: enum-like values ("low", "none") name no one. */
const MIN_ATTRIBUTE_LENGTH = 6;
const JSON_PLAIN = Buffer.from('json/plain').toString('base64');

interface EncodedPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const isPayload = (value: unknown): value is EncodedPayload =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EncodedPayload).data === 'string' &&
  (value as EncodedPayload).metadata?.['encoding'] === JSON_PLAIN;

/** Every JSON payload in a decoded history, read as JSON (payloads still sealed by a codec are skipped). */
function payloadValues(history: HistoryJson): unknown[] {
  const values: unknown[] = [];
  walk(history, (node) => {
    if (!isPayload(node)) return false;
    try {
      values.push(JSON.parse(Buffer.from(node.data!, 'base64').toString('utf8')));
    } catch {
      // Not JSON after all: nothing of the customer's to find in it.
    }
    return true;
  });
  return values;
}

/**
 * The customer's own words in a history: the subject and description of every contact (the case's start,
 * a repeat contact, continue-as-new's carried input) and its attribute values that are text. Longest
 * first, so a subject is replaced before a shorter text inside it.
 */
export function customerTextsOf(history: HistoryJson): string[] {
  const texts = new Set<string>();
  for (const value of payloadValues(history)) {
    walk(value, (node) => {
      const input = node as {
        subject?: unknown;
        description?: unknown;
        attributes?: unknown;
        channel?: unknown;
      };
      if (typeof input.subject !== 'string' || typeof input.channel !== 'string') return false;
      for (const text of [input.subject, input.description]) {
        if (typeof text === 'string' && text.trim() !== '' && text !== ERASED_TEXT) texts.add(text);
      }
      if (input.attributes !== null && typeof input.attributes === 'object') {
        for (const v of Object.values(input.attributes)) {
          if (typeof v === 'string' && v.length >= MIN_ATTRIBUTE_LENGTH) texts.add(v);
        }
      }
      return false;
    });
  }
  return [...texts].sort((a, b) => b.length - a.length);
}

/** `value` with every occurrence of the texts in its strings replaced by "[erased]". */
export function eraseTexts<T>(value: T, texts: readonly string[]): T {
  if (!texts.length) return value;
  const erase = (text: string): string =>
    texts.reduce((out, t) => (out.includes(t) ? out.split(t).join(ERASED_TEXT) : out), text);
  return mapStrings(value, erase) as T;
}

/** A decoded history with the texts erased inside its JSON payloads too (re-encoded as they were). */
export function eraseTextsInHistory(history: HistoryJson, texts: readonly string[]): HistoryJson {
  if (!texts.length) return history;
  const copy = JSON.parse(JSON.stringify(history)) as HistoryJson;
  walk(copy, (node) => {
    if (!isPayload(node)) return false;
    const text = Buffer.from(node.data!, 'base64').toString('utf8');
    try {
      const erased = eraseTexts(JSON.parse(text) as unknown, texts);
      node.data = Buffer.from(JSON.stringify(erased), 'utf8').toString('base64');
    } catch {
      // Not JSON: left as it is.
    }
    return true;
  });
  return eraseTexts(copy, texts);
}

/** Visits every object and array; `visit` answers true when it handled a node (its children are skipped). */
function walk(value: unknown, visit: (node: object) => boolean): void {
  if (value === null || typeof value !== 'object') return;
  if (visit(value)) return;
  for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child, visit);
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}
