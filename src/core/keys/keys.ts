// Keys: generate, import (PEM, certificate, JWK, JWKS, shared secret), export
// the public half, and turn a stored key into a jose CryptoKey once.
//
// Every key leaves here carrying exactly one algorithm. Nothing a token says
// can change it later, which is what stops algorithm confusion (RS256 → HS256,
// HS256 → HS512): see hostile inputs H03, H04, H06.

//
// The keys/ folder, with keys.ts as its entry: importKey here, and the rest
// re-exported from one file per seam: generate.ts, importPem.ts (with
// certificates.ts and keyTypes.ts), jwk.ts, secrets.ts (shared secrets and
// the "key material is never a secret" scan), pairCheck.ts (the final step:
// RSA arithmetic, private matches public), export.ts, cryptoKeys.ts (the one
// CryptoKey cache), describe.ts, material.ts (the stored form), api.ts (the
// public types), and below them der.ts, pem.ts, names.ts, roles.ts.

import { isKeyAlg } from '../jose/algorithms';
import type { Result } from '../base/types';
import { fail } from '../base/result';
import type { ImportKeyOptions, ImportedKeys } from './api';
import { refusedAlg } from './algFit';
import { importJson } from './jwk';
import { importPem } from './importPem';
import { kidProblem } from './names';
import { importSecret, notASecret, scanKeyText } from './secrets';

export type { GenerateKeySpec, ImportKeyOptions, ImportedKeyDetail, ImportedKeys, KeyUsage } from './api';
export { generateKey } from './generate';
export { RANDOM_KID_REASON, publicOnly, thumbprint } from './material';
export { exportPrivateJwk, exportPublicKey } from './export';
export { cryptoKeyFor } from './cryptoKeys';
export { describeKey, kidIsSecretThumbprint, secretLengthOf } from './describe';
// Kept for callers that need to show a key: "RSA 2048 bits", "EC P-256", ...
export { publicHalfRole } from './roles';

const MAX_KEY_INPUT = 1_000_000;

/**
 * Reads a key a person pasted: PEM (PKCS#8, SPKI, PKCS#1, SEC1, X.509), JWK,
 * JWK Set, or a shared secret. Never throws; never treats key text as a secret.
 */
export async function importKey(input: string, options: ImportKeyOptions = {}): Promise<Result<ImportedKeys>> {
  try {
    return await importKeyUnchecked(input, options);
  } catch {
    return fail('INTERNAL', 'The key could not be read. Check that it is complete and unchanged.');
  }
}

async function importKeyUnchecked(input: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  if (typeof input !== 'string') return fail('KEY_UNRECOGNISED', 'Paste the key as text.');
  if (input.length > MAX_KEY_INPUT) return fail('KEY_UNRECOGNISED', 'The text is over 1 MB: that is not a single key or key set.');
  const text = input.trim();
  if (text === '') return fail('KEY_UNRECOGNISED', 'Nothing to import: the text is empty.');
  if (options.alg !== undefined) {
    const refused = refusedAlg(options.alg);
    if (refused) return refused;
    if (!isKeyAlg(options.alg)) return fail('KEY_UNSUPPORTED', 'The chosen algorithm is not one this tool supports.');
  }
  if (options.kid !== undefined) {
    const problem = kidProblem(options.kid, 'The kid');
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const format = options.format ?? 'auto';
  const found = scanKeyText(text, 0, []);
  const keyText = found?.kind;

  switch (format) {
    case 'pem':
      if (keyText === 'pem-armour') return fail('KEY_BAD_PEM', 'The BEGIN/END lines are not in the PEM form ("-----BEGIN PUBLIC KEY-----": five dashes, an upper-case label): fix them, or export the key again.');
      if (keyText !== 'pem') return fail('KEY_BAD_PEM', 'No "-----BEGIN …-----" line found: this is not PEM text.');
      return importPem(text, options);
    case 'jwk':
    case 'jwks':
      if (keyText === 'pem') return fail('KEY_BAD_JWK', 'This is PEM text, not a JWK: choose PEM (or auto).');
      return importJson(text, options);
    case 'secret':
      if (found !== undefined) return notASecret(found);
      return importSecret(text, options);
    case 'auto':
      if (keyText === 'pem') return importPem(text, options);
      // Text that opens like JSON is read as a JWK, so a broken JWK is reported as one instead of becoming a secret.
      if (keyText === 'json' || text.startsWith('{') || text.startsWith('[')) return importJson(text, options);
      if (found !== undefined) return notASecret(found);
      return importSecret(text, options);
    default:
      return fail('KEY_UNRECOGNISED', 'Unknown import format: use auto, pem, jwk, jwks or secret.');
  }
}
