/**
 * Settings that name a file (a prebuilt workflow bundle, TLS certificates and keys): checked when the
 * settings are read, so a wrong path or a file of the wrong kind stops the process with one line naming the
 * variable instead of failing later inside a connection or the worker.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fileHolds(path: string, block: RegExp): boolean {
  try {
    return block.test(readFileSync(path, 'latin1'));
  } catch {
    return false;
  }
}

/** An optional path to a file this process can read. */
export const readableFile = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(isReadableFile, { message: `expected the path of a readable file: ${what}` })
    .optional();

/** What each kind of TLS file must hold, as `openssl` and every CA write it. */
const pemKinds = {
  certificate: {
    block: /-----BEGIN CERTIFICATE-----/,
    expected: 'a PEM certificate (-----BEGIN CERTIFICATE-----)',
  },
  // The SDK has no passphrase option: an encrypted key could never be used, so it is refused here.
  'private key': {
    block: /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/,
    expected: 'an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)',
  },
} as const;

/**
 * An optional path to a readable PEM file holding a certificate (or chain) or a private key. DER files and
 * mixed-up paths (a key where the certificate belongs) are refused here, by name.
 */
export const pemFile = (kind: keyof typeof pemKinds, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(isReadableFile, { message: `expected the path of a readable PEM file: ${what}`, abort: true })
    .refine((path) => fileHolds(path, pemKinds[kind].block), {
      message: `expected ${pemKinds[kind].expected}: ${what}`,
    })
    .optional();
