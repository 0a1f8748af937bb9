import type { PayloadCodec } from '@temporalio/common';
import { AesGcmCodec, parseCodecKey } from './aes-gcm';

export interface CodecSettings {
  /** CASEFLOW_CODEC_KEY: seals new payloads (and opens them). */
  CASEFLOW_CODEC_KEY?: string | undefined;
  /** CASEFLOW_CODEC_OLD_KEYS: comma-separated earlier keys, kept to open older payloads. */
  CASEFLOW_CODEC_OLD_KEYS?: string | undefined;
  NODE_ENV?: string | undefined;
}

/**
 * The payload codec for the Temporal client and worker, from the settings. Without a key, development runs
 * unencrypted and says so (`warn`); production refuses to start, because customer text would then be
 * stored in Temporal's history in the clear.
 */
export function payloadCodecFrom(
  settings: CodecSettings,
  warn: (line: string) => void = () => undefined,
): PayloadCodec | undefined {
  const old = oldCodecKeys(settings);
  if (!settings.CASEFLOW_CODEC_KEY) {
    if (settings.NODE_ENV === 'production') {
      throw new Error(
        'CASEFLOW_CODEC_KEY: required when NODE_ENV=production (customer data in Temporal payloads is ' +
          'encrypted with it); generate one with `openssl rand -hex 32`',
      );
    }
    if (old.length) throw new Error('CASEFLOW_CODEC_OLD_KEYS: set only together with CASEFLOW_CODEC_KEY');
    warn('CASEFLOW_CODEC_KEY is not set: Temporal payloads are NOT encrypted (development only)');
    return undefined;
  }
  return new AesGcmCodec([settings.CASEFLOW_CODEC_KEY, ...old].map(parseCodecKey));
}

/** CASEFLOW_CODEC_OLD_KEYS as a list (earlier payload keys; they also check survey links signed before). */
export function oldCodecKeys(settings: Pick<CodecSettings, 'CASEFLOW_CODEC_OLD_KEYS'>): string[] {
  return (settings.CASEFLOW_CODEC_OLD_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}
