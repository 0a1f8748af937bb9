/** A sealed payload this codec cannot open; the message says why in words a person can act on. */
export class UnreadablePayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadablePayloadError';
  }
}
