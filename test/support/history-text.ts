/**
 * A case history as text a test can search for what must never be in it (a secret, a survey token):
 * the history's JSON plus every payload's data decoded, since proto JSON writes payload bytes as base64 and
 * a search of the raw JSON alone would prove nothing.
 */

/** Every payload's data in the history, decoded as UTF-8. */
export function decodedPayloads(history: unknown): string[] {
  const decoded: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const { metadata, data } = value as { metadata?: unknown; data?: unknown };
      if (metadata && typeof data === 'string') decoded.push(Buffer.from(data, 'base64').toString('utf8'));
      Object.values(value).forEach(walk);
    }
  };
  walk(history);
  return decoded;
}

/** The history's JSON followed by its decoded payloads. */
export function readableHistory(history: unknown): string {
  return `${JSON.stringify(history)}\n${decodedPayloads(history).join('\n')}`;
}
