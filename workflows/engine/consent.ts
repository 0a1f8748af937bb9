/**
 * The customer's contact consent (docs/privacy.md, Consent). A case opened without `consent` is told about
 * its own case as the template says, exactly as before consent existed, so recorded histories replay
 * unchanged; with `consent`, a channel or the survey is used only when its entry is `true`.
 */
import type { Channel } from '../../definitions/plan';
import type { CaseState } from './types';

/** The channels a message to the customer may go on: its channel and fallback, those without consent left out. */
export function consentedChannels(
  state: CaseState,
  channels: { channel: Channel; fallback?: Channel | undefined },
): { allowed: Channel[]; refused: Channel[] } {
  const wanted = channels.fallback === undefined ? [channels.channel] : [channels.channel, channels.fallback];
  const consent = state.input.consent;
  if (consent === undefined) return { allowed: wanted, refused: [] };
  return {
    allowed: wanted.filter((c) => consent[c] === true),
    refused: wanted.filter((c) => consent[c] !== true),
  };
}

/** Whether the satisfaction survey may be sent: always without consent recorded, else only with `survey: true`. */
export function surveyConsented(state: CaseState): boolean {
  const consent = state.input.consent;
  return consent === undefined || consent.survey === true;
}

/** The contact channels a person may use to reach the customer (a follow-up call): undefined = any. */
export function consentedContactChannels(state: CaseState): Channel[] | undefined {
  const consent = state.input.consent;
  if (consent === undefined) return undefined;
  return (['voice', 'sms', 'email'] as const).filter((c) => consent[c] === true);
}
